"""Routes of official reception (公务接待)."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from services.logistics.models import Reception
from services.logistics.reception import service
from services.logistics.reception.schemas import (
    ReceptionCreate,
    ReceptionFilters,
    ReceptionLimits,
    ReceptionRead,
)
from services.logistics.settings import Settings
from shared.auth import CurrentCaller
from shared.bounds import IdPath
from shared.command import Ask, Cmd
from shared.pagination import Page, Paging

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
    ask: Ask, paging: Paging, filters: Annotated[ReceptionFilters, Query()]
) -> Page[ReceptionRead]:
    """Receptions the caller may see, oldest first."""
    query = service.list_receptions(ask, filters)
    return await ask.page(query, key=Reception.id, read=ReceptionRead, paging=paging)


@router.get("/receptions/{reception_id}")
async def get_reception(reception_id: IdPath, ask: Ask) -> ReceptionRead:
    """One reception."""
    return ReceptionRead.model_validate(await service.get_reception(ask.session, ask.caller, reception_id))
