"""Rules of recurring inspections: one result is due in every period of the plan's cadence.

A plan is overdue when a period after its last result (or after its start, if none)
has ended without one: a weekly inspection missed last week is overdue this Monday.
The claimer (or `POST /inspections/overdue/scan`) records each missed period once and
publishes `inspection.missed` for it, so the aggregate can count them.
"""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.logistics.inspections.periods import elapsed_since, next_period, period_start
from services.logistics.inspections.schemas import (
    Overdue,
    OverdueFilters,
    OverdueReport,
    PlanCreate,
    ResultCreate,
    ScanRequest,
    ScanResult,
)
from services.logistics.models import InspectionMiss, InspectionPlan, InspectionResult
from services.logistics.service import (
    ANYONE_WHO_WRITES,
    OFFICE,
    announce,
    get_visible,
    publish,
    unit_for,
)
from shared.auth import Caller
from shared.business_time import not_in_future
from shared.command import Command, Inquiry
from shared.contracts.logistics import Cadence, InspectionCompleted, InspectionMissed, InspectionPlanCreated
from shared.envelope import utcnow
from shared.errors import Invalid
from shared.event_data import read_off
from shared.ids import new_id
from shared.query import narrowed, of_own_unit
from shared.text import chinese_date
from shared.upsert import insert_for

SYSTEM_ACTOR = "logistics-claimer"
RECENT_MISSES = 60  # periods listed (and recorded by a scan) per plan: over a year of weeks


async def create_plan(cmd: Command, payload: PlanCreate) -> InspectionPlan:
    """Creates a recurring inspection plan (巡检计划)."""
    cmd.caller.require(*OFFICE)
    unit = unit_for(cmd, payload.unit)
    at = cmd.at(payload.at)
    plan = InspectionPlan(
        id=new_id(),
        **payload.model_dump(exclude={"unit", "at"}),
        unit=unit,
        created_by=cmd.caller.sub,
        created_at=at,
    )
    cmd.session.add(plan)
    await announce(cmd, read_off(InspectionPlanCreated, plan, at=at))
    return plan


async def get_plan(session: AsyncSession, caller: Caller, plan_id: str) -> InspectionPlan:
    return await get_visible(session, InspectionPlan, plan_id, caller, label="巡检计划")


def list_plans(caller: Caller, *, unit: str | None, cadence: str | None) -> Select[InspectionPlan]:
    """Plans the caller may see, narrowed by unit and cadence."""
    query = of_own_unit(caller, select(InspectionPlan), InspectionPlan.unit)
    return narrowed(query, (InspectionPlan.unit, unit), (InspectionPlan.cadence, cadence))


async def record_result(cmd: Command, plan_id: str, payload: ResultCreate) -> InspectionResult:
    """Records an inspection done, with its findings, in the period its time falls in."""
    cmd.caller.require(*ANYONE_WHO_WRITES)
    at = cmd.at(payload.at)
    plan = await get_plan(cmd.session, cmd.caller, plan_id)
    if not cmd.caller.may_act_for(plan.unit):
        raise Invalid("plan_id", "不能为其他单位的计划登记结果 (not your unit's plan)")
    cadence: Cadence = plan.cadence  # type: ignore[assignment]
    day = at.astimezone(cmd.timezone).date()
    if day < plan.starts_on:
        raise Invalid(
            "at", f"巡检时间早于计划开始日期{chinese_date(plan.starts_on)} (before the plan starts)"
        )
    if payload.outcome == "ok" and any(f.severity != "minor" for f in payload.findings):
        raise Invalid("outcome", "有较重问题时结论应为 issues (major findings need outcome issues)")
    result = InspectionResult(
        id=new_id(),
        plan_id=plan.id,
        period_start=period_start(day, cadence),
        performed_at=at,
        **payload.model_dump(exclude={"at"}),  # the findings as plain data
        performed_by=cmd.caller.sub,
        recorded_at=cmd.now,
    )
    cmd.session.add(result)
    extra = {"unit": plan.unit, "at": at, "cadence": cadence, "findings": len(payload.findings)}
    await announce(cmd, read_off(InspectionCompleted, result, **extra))
    return result


def list_results(caller: Caller, plan_id: str) -> Select[InspectionResult]:
    plans = of_own_unit(caller, select(InspectionPlan.id), InspectionPlan.unit)
    return select(InspectionResult).where(
        InspectionResult.plan_id == plan_id, InspectionResult.plan_id.in_(plans)
    )


async def overdue_report(ask: Inquiry, filters: OverdueFilters) -> OverdueReport:
    """The plans this caller may see that are overdue as of a time (default now)."""
    moment = filters.as_of or utcnow()
    plans = list_plans(ask.caller, unit=filters.unit, cadence=None)
    return OverdueReport(
        as_of=moment,
        items=await overdue(session=ask.session, plans=plans, as_of=moment, timezone=ask.timezone),
    )


async def overdue(
    *, session: AsyncSession, plans: Select[InspectionPlan], as_of: datetime, timezone: ZoneInfo
) -> list[Overdue]:
    """The plans with elapsed periods after their last result, as of a time."""
    today = as_of.astimezone(timezone).date()
    last = (
        select(
            InspectionResult.plan_id,
            func.max(InspectionResult.period_start).label("period"),
            func.max(InspectionResult.performed_at).label("performed"),
        )
        .where(InspectionResult.performed_at <= as_of)
        .group_by(InspectionResult.plan_id)
        .subquery()
    )
    query = (
        plans.outerjoin(last, last.c.plan_id == InspectionPlan.id)
        .add_columns(last.c.period, last.c.performed)
        .order_by(InspectionPlan.id)
    )
    rows = await session.execute(query)
    found = []
    for plan, last_period, last_performed in rows.all():
        cadence: Cadence = plan.cadence
        first = next_period(last_period, cadence) if last_period else plan.starts_on
        missed = elapsed_since(first, today, cadence)
        if missed:
            found.append(
                Overdue(
                    plan_id=plan.id,
                    name=plan.name,
                    unit=plan.unit,
                    cadence=cadence,
                    last_performed_at=last_performed,
                    missed_count=len(missed),
                    missed_periods=[start for start, _ in missed[-RECENT_MISSES:]],
                    due_since=missed[0][1],
                )
            )
    return found


async def scan_overdue(cmd: Command, payload: ScanRequest) -> ScanResult:
    """Records every missed period as of a time (default now) once: what the claimer does on its own."""
    cmd.caller.require(*OFFICE)
    as_of = payload.as_of or cmd.now
    not_in_future("as_of", as_of, "不能登记未来的逾期")
    recorded = await record_misses(session=cmd.session, as_of=as_of, timezone=cmd.timezone)
    return ScanResult(as_of=as_of, recorded=recorded)


async def record_misses(*, session: AsyncSession, as_of: datetime, timezone: ZoneInfo) -> int:
    """Records each missed period once (so its event is published once); answers how many are new."""
    recorded = 0
    for item in await overdue(session=session, plans=select(InspectionPlan), as_of=as_of, timezone=timezone):
        for start in item.missed_periods:
            end = next_period(start, item.cadence)
            inserted = await session.scalar(
                insert_for(session, InspectionMiss)
                .values(plan_id=item.plan_id, period_start=start, period_end=end, recorded_at=utcnow())
                .on_conflict_do_nothing(index_elements=["plan_id", "period_start"])
                .returning(InspectionMiss.__table__.c.plan_id)
            )
            if inserted is None:
                continue
            recorded += 1
            data = InspectionMissed(
                id=f"{item.plan_id}-{start.isoformat()}",
                unit=item.unit,
                at=_midnight(end, timezone),
                plan_id=item.plan_id,
                cadence=item.cadence,
                period_start=start,
                period_end=end,
            )
            await publish(session, data, SYSTEM_ACTOR)
    return recorded


def _midnight(day: date, timezone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=timezone)
