"""Rules of office supplies: stock changes only by one conditional UPDATE, so it never goes below zero.

A requisition is `UPDATE ... SET stock = stock - n WHERE id = ? AND stock >= n`: of
concurrent requisitions of the last items, those the stock cannot cover change no row
and are refused with 409. When stock falls to the item's threshold one alert is raised;
a purchase that lifts it above the threshold re-arms the alert.
"""

from datetime import datetime

from sqlalchemy import Select, case, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.logistics.models import SupplyItem, SupplyMovement
from services.logistics.service import ANYONE_WHO_WRITES, OFFICE, announce, unit_for
from services.logistics.supplies.schemas import (
    MovementFilters,
    PurchaseCreate,
    RequisitionCreate,
    SupplyCreate,
)
from shared.auth import Caller
from shared.command import Command
from shared.contracts.logistics import (
    SupplyItemRegistered,
    SupplyPurchased,
    SupplyRequisitioned,
    SupplyStockLow,
)
from shared.errors import Conflict, NotFound
from shared.event_data import read_off
from shared.ids import new_id
from shared.lookup import get_or_404
from shared.query import narrowed, of_own_unit


async def register_item(cmd: Command, payload: SupplyCreate) -> SupplyItem:
    """Registers a supply item with no stock; a name is registered once."""
    cmd.caller.require(*OFFICE)
    at = cmd.at(payload.at)
    if await cmd.session.scalar(select(SupplyItem.id).where(SupplyItem.name == payload.name)) is not None:
        raise Conflict(f"物品 {payload.name} 已登记 (item already registered)")
    item = SupplyItem(
        id=new_id(),
        **payload.model_dump(exclude={"at"}),
        unit=cmd.caller.unit,
        stock=0,
        low_alerted=False,
        registered_at=at,
    )
    cmd.session.add(item)
    await announce(cmd, read_off(SupplyItemRegistered, item, at=at))
    return item


async def get_item(session: AsyncSession, item_id: str) -> SupplyItem:
    return await get_or_404(
        session, SupplyItem, item_id, f"物品 {item_id} 不存在 (item not found)", populate_existing=True
    )


def list_items(*, low: bool | None) -> Select[SupplyItem]:
    """Supply items; `low`: only those at or below their threshold (or only those above)."""
    query = select(SupplyItem)
    if low is None:
        return query
    at_or_below = SupplyItem.stock <= SupplyItem.low_stock_threshold
    return query.where(at_or_below if low else ~at_or_below)


def _movement(
    cmd: Command,
    item_id: str,
    unit: str,
    payload: PurchaseCreate | RequisitionCreate,
    stock: int,
    at: datetime,
) -> SupplyMovement:
    """The movement of a purchase or a requisition, with the stock after it, staged in the session."""
    bought = payload if isinstance(payload, PurchaseCreate) else None
    movement = SupplyMovement(
        id=new_id(),
        item_id=item_id,
        kind="purchase" if bought else "requisition",
        unit=unit,
        quantity=payload.quantity,
        unit_price=bought.unit_price if bought else None,
        supplier=bought.supplier if bought else None,
        stock_after=stock,
        recorded_by=cmd.caller.sub,
        at=at,
    )
    cmd.session.add(movement)
    return movement


async def purchase(cmd: Command, item_id: str, payload: PurchaseCreate) -> SupplyMovement:
    """Adds bought items to stock (采购入库)."""
    cmd.caller.require(*OFFICE)
    at = cmd.at(payload.at)
    unit = unit_for(cmd, payload.unit)
    stock = await _add_stock(cmd.session, item_id, payload.quantity)
    movement = _movement(cmd, item_id, unit, payload, stock, at)
    amount = payload.unit_price * payload.quantity
    await announce(cmd, read_off(SupplyPurchased, movement, amount=amount, stock=stock))
    return movement


async def _add_stock(session: AsyncSession, item_id: str, quantity: int) -> int:
    """The stock after adding `quantity`; re-arms the low-stock alert once above the threshold."""
    rearm = case(
        (SupplyItem.stock + quantity > SupplyItem.low_stock_threshold, False), else_=SupplyItem.low_alerted
    )
    stock = await session.scalar(
        update(SupplyItem)
        .where(SupplyItem.id == item_id)
        .values(stock=SupplyItem.stock + quantity, low_alerted=rearm)
        .returning(SupplyItem.__table__.c.stock)
    )
    if stock is None:
        raise NotFound(f"物品 {item_id} 不存在 (item not found)")
    return int(stock)


async def requisition(cmd: Command, item_id: str, payload: RequisitionCreate) -> SupplyMovement:
    """Takes items out of stock for a unit (领用); 409 if the stock cannot cover it."""
    cmd.caller.require(*ANYONE_WHO_WRITES)
    at = cmd.at(payload.at)
    unit = unit_for(cmd, payload.unit)
    await _stock_held_from(cmd.session, item_id, at, payload.quantity)
    stock, threshold, alerted, name, keeper = await _take_stock(cmd.session, item_id, payload.quantity)
    movement = _movement(cmd, item_id, unit, payload, stock, at)
    await announce(cmd, read_off(SupplyRequisitioned, movement, stock=stock))
    if stock <= threshold and not alerted:
        alert = SupplyStockLow(
            id=item_id,
            unit=keeper,
            at=at,
            item_id=item_id,
            name=name,
            stock=stock,
            low_stock_threshold=threshold,
        )
        await _raise_low_stock_alert(cmd, alert)
    return movement


async def _take_stock(session: AsyncSession, item_id: str, quantity: int) -> tuple[int, int, bool, str, str]:
    """Takes `quantity` out by one conditional UPDATE: the stock after, its threshold, alert, name, keeper."""
    table = SupplyItem.__table__.c
    row = (
        await session.execute(
            update(SupplyItem)
            .where(SupplyItem.id == item_id, SupplyItem.stock >= quantity)
            .values(stock=SupplyItem.stock - quantity)
            .returning(table.stock, table.low_stock_threshold, table.low_alerted, table.name, table.unit)
        )
    ).one_or_none()
    if row is None:
        item = await get_item(session, item_id)
        raise Conflict(
            f"{item.name} 库存不足：现有 {item.stock}{item.measure}，申领 {quantity}"
            f" (insufficient stock: {item.stock} left)"
        )
    stock, threshold, alerted, name, keeper = row
    return stock, threshold, alerted, name, keeper


async def _stock_held_from(session: AsyncSession, item_id: str, at: datetime, quantity: int) -> None:
    """409 unless the stock, as the movements tell it, covers `quantity` at `at` and after every
    later movement: a requisition back-dated before the purchase that stocked it is refused."""
    movements = (
        await session.execute(
            select(SupplyMovement.at, SupplyMovement.kind, SupplyMovement.quantity)
            .where(SupplyMovement.item_id == item_id)
            .order_by(SupplyMovement.at)
        )
    ).all()
    stock, then = 0, 0
    lowest_later: int | None = None
    for when, kind, amount in movements:
        stock += amount if kind == "purchase" else -amount
        if when <= at:
            then = stock
        else:
            lowest_later = stock if lowest_later is None else min(lowest_later, stock)
    if lowest_later is None or min(then, lowest_later) >= quantity:
        return  # (nothing later: the stock today is the stock then, which the UPDATE checks)
    least = min(then, lowest_later)
    raise Conflict(
        f"领用时及其后的库存最少为 {least}，不足以领用 {quantity}："
        "领用不能早于使其入库的采购 (not in stock at that time)"
    )


async def _raise_low_stock_alert(cmd: Command, alert: SupplyStockLow) -> None:
    """The item's own state change (armed → alerted) and its one event (库存预警)."""
    await cmd.session.execute(
        update(SupplyItem).where(SupplyItem.id == alert.item_id).values(low_alerted=True)
    )
    await announce(cmd, alert)


def list_movements(caller: Caller, filters: MovementFilters) -> Select[SupplyMovement]:
    """Purchases and requisitions the caller may see (a unit sees its own)."""
    query = of_own_unit(caller, select(SupplyMovement), SupplyMovement.unit)
    return narrowed(
        query,
        (SupplyMovement.item_id, filters.item_id),
        (SupplyMovement.unit, filters.unit),
        (SupplyMovement.kind, filters.kind),
    )
