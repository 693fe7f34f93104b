"""Routes of recurring inspections (巡检)."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

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
from shared.app import Session
from shared.auth import CurrentCaller
from shared.business_time import Moment
from shared.command import Cmd, OfficeZone
from shared.contracts.logistics import Cadence
from shared.pagination import Page, Paging, page

router = APIRouter(prefix="/inspections", tags=["inspections"])


@router.post("/plans", status_code=201, response_model=PlanRead)
async def create_plan(payload: PlanCreate, cmd: Cmd) -> Any:
    """Creates a plan with a cadence (weekly, monthly, quarterly, yearly)."""
    return await cmd.answer(service.create_plan(cmd, payload), PlanRead)


@router.get("/plans")
async def list_plans(
    session: Session,
    caller: CurrentCaller,
    paging: Paging,
    unit: str | None = None,
    cadence: Cadence | None = None,
) -> Page[PlanRead]:
    """Plans the caller may see."""
    query = service.list_plans(caller, unit=unit, cadence=cadence)
    return await page(session, query, key=InspectionPlan.id, read=PlanRead, paging=paging)


@router.get("/plans/{plan_id}")
async def get_plan(plan_id: str, session: Session, caller: CurrentCaller) -> PlanRead:
    """One plan."""
    return PlanRead.model_validate(await service.get_plan(session, caller, plan_id))


@router.post("/plans/{plan_id}/results", status_code=201, response_model=ResultRead)
async def record_result(plan_id: str, payload: ResultCreate, cmd: Cmd) -> Any:
    """Records an inspection done, with its findings (巡检记录)."""
    return await cmd.answer(service.record_result(cmd, plan_id, payload), ResultRead)


@router.get("/plans/{plan_id}/results")
async def list_results(
    plan_id: str, session: Session, caller: CurrentCaller, paging: Paging
) -> Page[ResultRead]:
    """A plan's results, oldest first."""
    query = service.list_results(caller, plan_id)
    return await page(session, query, key=InspectionResult.id, read=ResultRead, paging=paging)


@router.get("/overdue")
async def list_overdue(
    session: Session,
    caller: CurrentCaller,
    timezone: OfficeZone,
    as_of: Annotated[Moment | None, Query(description="default now")] = None,
    unit: str | None = None,
) -> OverdueReport:
    """Plans with a period elapsed since their last result (逾期未巡检), as of a time."""
    return await service.overdue_report(session, caller, as_of=as_of, unit=unit, timezone=timezone)


@router.post("/overdue/scan", response_model=ScanResult)
async def scan_overdue(payload: ScanRequest, cmd: Cmd) -> Any:
    """Records every missed period once and publishes it (what the claimer does on its own)."""
    return await cmd.answer(service.scan_overdue(cmd, payload), ScanResult)
