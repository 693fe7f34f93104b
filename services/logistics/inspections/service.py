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
from services.logistics.inspections.schemas import Overdue, PlanCreate, ResultCreate
from services.logistics.models import InspectionMiss, InspectionPlan, InspectionResult
from services.logistics.service import (
    ANYONE_WHO_WRITES,
    OFFICE,
    get_visible,
    publish,
    unit_for,
    visible,
)
from shared.auth import Caller
from shared.business_time import business_time
from shared.contracts.logistics import Cadence, InspectionCompleted, InspectionMissed, InspectionPlanCreated
from shared.envelope import utcnow
from shared.errors import Invalid
from shared.ids import new_id
from shared.text import chinese_date
from shared.units import UnitRegistry
from shared.upsert import insert_for

SYSTEM_ACTOR = "logistics-claimer"
RECENT_MISSES = 60  # periods listed (and recorded by a scan) per plan: over a year of weeks


async def create_plan(
    *, session: AsyncSession, caller: Caller, units: UnitRegistry, payload: PlanCreate
) -> InspectionPlan:
    """Creates a recurring inspection plan (巡检计划)."""
    caller.require(*OFFICE)
    unit = unit_for(caller, units, payload.unit)
    at = business_time(caller, payload.at)
    plan = InspectionPlan(
        id=new_id(),
        name=payload.name,
        target=payload.target,
        cadence=payload.cadence,
        unit=unit,
        starts_on=payload.starts_on,
        created_by=caller.sub,
        created_at=at,
    )
    session.add(plan)
    data = InspectionPlanCreated(
        id=plan.id, unit=unit, at=at, name=plan.name, target=plan.target, cadence=payload.cadence
    )
    publish(session, data, caller)
    return plan


async def get_plan(*, session: AsyncSession, caller: Caller, plan_id: str) -> InspectionPlan:
    return await get_visible(session, InspectionPlan, plan_id, caller, label="巡检计划")


async def record_result(
    *, session: AsyncSession, caller: Caller, plan_id: str, payload: ResultCreate, timezone: ZoneInfo
) -> InspectionResult:
    """Records an inspection done, with its findings, in the period its time falls in."""
    caller.require(*ANYONE_WHO_WRITES)
    at = business_time(caller, payload.at)
    plan = await get_plan(session=session, caller=caller, plan_id=plan_id)
    if not caller.may_act_for(plan.unit):
        raise Invalid("plan_id", "不能为其他单位的计划登记结果 (not your unit's plan)")
    cadence: Cadence = plan.cadence  # type: ignore[assignment]
    day = at.astimezone(timezone).date()
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
        outcome=payload.outcome,
        findings=[f.model_dump() for f in payload.findings],
        performed_by=caller.sub,
        recorded_at=utcnow(),
    )
    session.add(result)
    data = InspectionCompleted(
        id=result.id,
        unit=plan.unit,
        at=at,
        plan_id=plan.id,
        cadence=cadence,
        period_start=result.period_start,
        outcome=payload.outcome,
        findings=len(payload.findings),
    )
    publish(session, data, caller)
    return result


def list_results(caller: Caller, plan_id: str) -> Select[InspectionResult]:
    plans = visible(select(InspectionPlan.id), InspectionPlan.unit, caller)
    return select(InspectionResult).where(
        InspectionResult.plan_id == plan_id, InspectionResult.plan_id.in_(plans)
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
            publish(session, data, SYSTEM_ACTOR)
    return recorded


def _midnight(day: date, timezone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=timezone)
