"""Routes of office supplies (办公用品)."""

from typing import Any

from fastapi import APIRouter
from sqlalchemy import select

from services.logistics.models import SupplyItem, SupplyMovement
from services.logistics.supplies import service
from services.logistics.supplies.schemas import (
    MovementKind,
    MovementRead,
    PurchaseCreate,
    RequisitionCreate,
    SupplyCreate,
    SupplyRead,
)
from services.logistics.web import commit_change
from shared.app import Registry, Session
from shared.auth import CurrentCaller
from shared.idempotency import IdempotencyHeader
from shared.pagination import Cursor, Limit, Page, paginate

router = APIRouter(tags=["supplies"])


@router.post("/supplies", status_code=201, response_model=SupplyRead)
async def register_item(
    payload: SupplyCreate, session: Session, caller: CurrentCaller, idempotency_key: IdempotencyHeader = None
) -> Any:
    """Registers a supply item (stock 0); 409 if its name is registered already."""
    return await commit_change(
        session,
        caller,
        key=idempotency_key,
        route="POST /supplies",
        change=lambda: service.register_item(session=session, caller=caller, payload=payload),
        read=SupplyRead,
        status_code=201,
    )


@router.get("/supplies")
async def list_items(
    session: Session, caller: CurrentCaller, low: bool | None = None, limit: Limit = 50, cursor: Cursor = None
) -> Page[SupplyRead]:
    """Supply items with their stock; `low=true` for those at or below their threshold."""
    query = select(SupplyItem)
    if low is not None:
        at_or_below = SupplyItem.stock <= SupplyItem.low_stock_threshold
        query = query.where(at_or_below if low else ~at_or_below)
    rows, next_cursor = await paginate(session, query, key=SupplyItem.id, limit=limit, cursor=cursor)
    return Page(items=[SupplyRead.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.get("/supplies/movements")
async def list_movements(
    session: Session,
    caller: CurrentCaller,
    item_id: str | None = None,
    unit: str | None = None,
    kind: MovementKind | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[MovementRead]:
    """Purchases in and requisitions out, oldest first (a unit sees its own)."""
    query = service.list_movements(caller, item_id=item_id, unit=unit, kind=kind)
    rows, next_cursor = await paginate(session, query, key=SupplyMovement.id, limit=limit, cursor=cursor)
    return Page(items=[MovementRead.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.get("/supplies/{item_id}")
async def get_item(item_id: str, session: Session, caller: CurrentCaller) -> SupplyRead:
    """One item and its stock."""
    return SupplyRead.model_validate(await service.get_item(session=session, item_id=item_id))


@router.post("/supplies/{item_id}/purchases", status_code=201, response_model=MovementRead)
async def purchase(
    item_id: str,
    payload: PurchaseCreate,
    session: Session,
    caller: CurrentCaller,
    units: Registry,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Records bought items coming in (采购入库)."""
    return await commit_change(
        session,
        caller,
        key=idempotency_key,
        route=f"POST /supplies/{item_id}/purchases",
        change=lambda: service.purchase(
            session=session, caller=caller, units=units, item_id=item_id, payload=payload
        ),
        read=MovementRead,
        status_code=201,
    )


@router.post("/supplies/{item_id}/requisitions", status_code=201, response_model=MovementRead)
async def requisition(
    item_id: str,
    payload: RequisitionCreate,
    session: Session,
    caller: CurrentCaller,
    units: Registry,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Takes items out for a unit (领用); 409 if the stock cannot cover it."""
    return await commit_change(
        session,
        caller,
        key=idempotency_key,
        route=f"POST /supplies/{item_id}/requisitions",
        change=lambda: service.requisition(
            session=session, caller=caller, units=units, item_id=item_id, payload=payload
        ),
        read=MovementRead,
        status_code=201,
    )
