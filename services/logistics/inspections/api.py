"""Routes of recurring inspections (巡检)."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from services.logistics.inspections import service
from services.logistics.inspections.schemas import (
    OverdueFilters,
    OverdueReport,
    PlanCreate,
    PlanFilters,
    PlanRead,
    ResultCreate,
    ResultRead,
    ScanRequest,
    ScanResult,
)
from services.logistics.models import InspectionPlan, InspectionResult
from shared.bounds import IdPath
from shared.command import Ask, Cmd
from shared.pagination import Page, Paging

router = APIRouter(prefix="/inspections", tags=["inspections"])


@router.post("/plans", status_code=201, response_model=PlanRead)
async def create_plan(payload: PlanCreate, cmd: Cmd) -> Any:
    """Creates a plan with a cadence (weekly, monthly, quarterly, yearly)."""
    return await cmd.answer(service.create_plan(cmd, payload), PlanRead)


@router.get("/plans")
async def list_plans(ask: Ask, paging: Paging, filters: Annotated[PlanFilters, Query()]) -> Page[PlanRead]:
    """Plans the caller may see."""
    query = service.list_plans(ask.caller, **filters.model_dump())
    return await ask.page(query, key=InspectionPlan.id, read=PlanRead, paging=paging)


@router.get("/plans/{plan_id}")
async def get_plan(plan_id: IdPath, ask: Ask) -> PlanRead:
    """One plan."""
    return PlanRead.model_validate(await service.get_plan(ask.session, ask.caller, plan_id))


@router.post("/plans/{plan_id}/results", status_code=201, response_model=ResultRead)
async def record_result(plan_id: IdPath, payload: ResultCreate, cmd: Cmd) -> Any:
    """Records an inspection done, with its findings (巡检记录)."""
    return await cmd.answer(service.record_result(cmd, plan_id, payload), ResultRead)


@router.get("/plans/{plan_id}/results")
async def list_results(plan_id: IdPath, ask: Ask, paging: Paging) -> Page[ResultRead]:
    """A plan's results, oldest first."""
    query = service.list_results(ask.caller, plan_id)
    return await ask.page(query, key=InspectionResult.id, read=ResultRead, paging=paging)


@router.get("/overdue")
async def list_overdue(ask: Ask, filters: Annotated[OverdueFilters, Query()]) -> OverdueReport:
    """Plans with a period elapsed since their last result (逾期未巡检), as of a time."""
    return await service.overdue_report(ask, filters)


@router.post("/overdue/scan", response_model=ScanResult)
async def scan_overdue(payload: ScanRequest, cmd: Cmd) -> Any:
    """Records every missed period once and publishes it (what the claimer does on its own)."""
    return await cmd.answer(service.scan_overdue(cmd, payload), ScanResult)
