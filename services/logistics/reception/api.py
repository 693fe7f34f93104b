"""Routes of official reception (公务接待)."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from services.logistics.models import Reception
from services.logistics.reception import service
from services.logistics.reception.schemas import ReceptionCreate, ReceptionLimits, ReceptionRead
from services.logistics.settings import Settings
from shared.app import Session
from shared.auth import CurrentCaller
from shared.command import Cmd, OfficeZone
from shared.pagination import Page, Paging, page

router = APIRouter(tags=["reception"])


@router.get("/receptions/limits")
async def reception_limits(settings: Settings, caller: CurrentCaller) -> ReceptionLimits:
    """The per-head limits in force (configuration)."""
    return service.limits(settings)


@router.post("/receptions", status_code=201, response_model=ReceptionRead)
async def record_reception(payload: ReceptionCreate, cmd: Cmd, settings: Settings) -> Any:
    """Records a reception; 422 naming the limit when a per-head cost or the escorts exceed it."""
    return await cmd.answer(service.record_reception(cmd, payload, settings), ReceptionRead)


@router.get("/receptions")
async def list_receptions(
    session: Session,
    caller: CurrentCaller,
    paging: Paging,
    timezone: OfficeZone,
    unit: str | None = None,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> Page[ReceptionRead]:
    """Receptions the caller may see, oldest first."""
    query = service.list_receptions(caller, unit=unit, year=year, timezone=timezone)
    return await page(session, query, key=Reception.id, read=ReceptionRead, paging=paging)


@router.get("/receptions/{reception_id}")
async def get_reception(reception_id: str, session: Session, caller: CurrentCaller) -> ReceptionRead:
    """One reception."""
    return ReceptionRead.model_validate(await service.get_reception(session, caller, reception_id))
