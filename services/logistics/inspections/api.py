"""Routes of recurring inspections (巡检)."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from sqlalchemy import select

from services.logistics.inspections import service
from services.logistics.inspections.schemas import (
    OverdueReport,
    PlanCreate,
    PlanRead,
    ResultCreate,
    ResultRead,
    ScanRequest,
    ScanResult,
)
from services.logistics.models import InspectionPlan, InspectionResult
from services.logistics.service import OFFICE, timezone_of, visible
from services.logistics.web import commit_change
from shared.app import Registry, Session
from shared.auth import CurrentCaller
from shared.business_time import Moment, not_in_future
from shared.contracts.logistics import Cadence
from shared.envelope import utcnow
from shared.idempotency import IdempotencyHeader, commit_once
from shared.pagination import Cursor, Limit, Page, paginate

router = APIRouter(prefix="/inspections", tags=["inspections"])


@router.post("/plans", status_code=201, response_model=PlanRead)
async def create_plan(
    payload: PlanCreate,
    session: Session,
    caller: CurrentCaller,
    units: Registry,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Creates a plan with a cadence (weekly, monthly, quarterly, yearly)."""
    return await commit_change(
        session,
        caller,
        key=idempotency_key,
        route="POST /inspections/plans",
        change=lambda: service.create_plan(session=session, caller=caller, units=units, payload=payload),
        read=PlanRead,
        status_code=201,
    )


@router.get("/plans")
async def list_plans(
    session: Session,
    caller: CurrentCaller,
    unit: str | None = None,
    cadence: Cadence | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[PlanRead]:
    """Plans the caller may see."""
    query = visible(select(InspectionPlan), InspectionPlan.unit, caller)
    if unit is not None:
        query = query.where(InspectionPlan.unit == unit)
    if cadence is not None:
        query = query.where(InspectionPlan.cadence == cadence)
    rows, next_cursor = await paginate(session, query, key=InspectionPlan.id, limit=limit, cursor=cursor)
    return Page(items=[PlanRead.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.get("/plans/{plan_id}")
async def get_plan(plan_id: str, session: Session, caller: CurrentCaller) -> PlanRead:
    """One plan."""
    return PlanRead.model_validate(await service.get_plan(session=session, caller=caller, plan_id=plan_id))


@router.post("/plans/{plan_id}/results", status_code=201, response_model=ResultRead)
async def record_result(
    request: Request,
    plan_id: str,
    payload: ResultCreate,
    session: Session,
    caller: CurrentCaller,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Records an inspection done, with its findings (巡检记录)."""
    return await commit_change(
        session,
        caller,
        key=idempotency_key,
        route=f"POST /inspections/plans/{plan_id}/results",
        change=lambda: service.record_result(
            session=session, caller=caller, plan_id=plan_id, payload=payload, timezone=timezone_of(request)
        ),
        read=ResultRead,
        status_code=201,
    )


@router.get("/plans/{plan_id}/results")
async def list_results(
    plan_id: str, session: Session, caller: CurrentCaller, limit: Limit = 50, cursor: Cursor = None
) -> Page[ResultRead]:
    """A plan's results, oldest first."""
    query = service.list_results(caller, plan_id)
    rows, next_cursor = await paginate(session, query, key=InspectionResult.id, limit=limit, cursor=cursor)
    return Page(items=[ResultRead.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.get("/overdue")
async def list_overdue(
    request: Request,
    session: Session,
    caller: CurrentCaller,
    as_of: Annotated[Moment | None, Query(description="default now")] = None,
    unit: str | None = None,
) -> OverdueReport:
    """Plans with a period elapsed since their last result (逾期未巡检), as of a time."""
    moment = as_of or utcnow()
    plans = visible(select(InspectionPlan), InspectionPlan.unit, caller)
    if unit is not None:
        plans = plans.where(InspectionPlan.unit == unit)
    items = await service.overdue(session=session, plans=plans, as_of=moment, timezone=timezone_of(request))
    return OverdueReport(as_of=moment, items=items)


@router.post("/overdue/scan")
async def scan_overdue(
    request: Request,
    payload: ScanRequest,
    session: Session,
    caller: CurrentCaller,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Records every missed period once and publishes it (what the claimer does on its own)."""
    caller.require(*OFFICE)
    moment = payload.as_of or utcnow()
    not_in_future("as_of", moment, "不能登记未来的逾期")

    async def produce() -> ScanResult:
        count = await service.record_misses(session=session, as_of=moment, timezone=timezone_of(request))
        return ScanResult(as_of=moment, recorded=count)

    return await commit_once(
        session,
        caller=caller,
        key=idempotency_key,
        route="POST /inspections/overdue/scan",
        produce=produce,
        status_code=200,
    )
