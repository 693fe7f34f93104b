"""Routes of office supplies (办公用品)."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from services.logistics.models import SupplyItem, SupplyMovement
from services.logistics.supplies import service
from services.logistics.supplies.schemas import (
    MovementFilters,
    MovementRead,
    PurchaseCreate,
    RequisitionCreate,
    SupplyCreate,
    SupplyRead,
)
from shared.bounds import IdPath
from shared.command import Ask, Cmd
from shared.pagination import Page, Paging

router = APIRouter(tags=["supplies"])


@router.post("/supplies", status_code=201, response_model=SupplyRead)
async def register_item(payload: SupplyCreate, cmd: Cmd) -> Any:
    """Registers a supply item (stock 0); 409 if its name is registered already."""
    return await cmd.answer(service.register_item(cmd, payload), SupplyRead)


@router.get("/supplies")
async def list_items(ask: Ask, paging: Paging, low: bool | None = None) -> Page[SupplyRead]:
    """Supply items with their stock; `low=true` for those at or below their threshold."""
    return await ask.page(service.list_items(low=low), key=SupplyItem.id, read=SupplyRead, paging=paging)


@router.get("/supplies/movements")
async def list_movements(
    ask: Ask, paging: Paging, filters: Annotated[MovementFilters, Query()]
) -> Page[MovementRead]:
    """Purchases in and requisitions out, oldest first (a unit sees its own)."""
    query = service.list_movements(ask.caller, filters)
    return await ask.page(query, key=SupplyMovement.id, read=MovementRead, paging=paging)


@router.get("/supplies/{item_id}")
async def get_item(item_id: IdPath, ask: Ask) -> SupplyRead:
    """One item and its stock."""
    return SupplyRead.model_validate(await service.get_item(ask.session, item_id))


@router.post("/supplies/{item_id}/purchases", status_code=201, response_model=MovementRead)
async def purchase(item_id: IdPath, payload: PurchaseCreate, cmd: Cmd) -> Any:
    """Records bought items coming in (采购入库)."""
    return await cmd.answer(service.purchase(cmd, item_id, payload), MovementRead)


@router.post("/supplies/{item_id}/requisitions", status_code=201, response_model=MovementRead)
async def requisition(item_id: IdPath, payload: RequisitionCreate, cmd: Cmd) -> Any:
    """Takes items out for a unit (领用); 409 if the stock cannot cover it."""
    return await cmd.answer(service.requisition(cmd, item_id, payload), MovementRead)
