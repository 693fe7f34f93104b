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
from services.logistics.service import ANYONE_WHO_WRITES, OFFICE, publish, unit_for, visible
from services.logistics.supplies.schemas import PurchaseCreate, RequisitionCreate, SupplyCreate
from shared.auth import Caller
from shared.business_time import business_time
from shared.contracts.logistics import (
    SupplyItemRegistered,
    SupplyPurchased,
    SupplyRequisitioned,
    SupplyStockLow,
)
from shared.errors import Conflict, NotFound
from shared.ids import new_id
from shared.units import UnitRegistry


async def register_item(*, session: AsyncSession, caller: Caller, payload: SupplyCreate) -> SupplyItem:
    """Registers a supply item with no stock; a name is registered once."""
    caller.require(*OFFICE)
    at = business_time(caller, payload.at)
    if await session.scalar(select(SupplyItem.id).where(SupplyItem.name == payload.name)) is not None:
        raise Conflict(f"物品 {payload.name} 已登记 (item already registered)")
    item = SupplyItem(
        id=new_id(),
        name=payload.name,
        spec=payload.spec,
        measure=payload.measure,
        unit=caller.unit,
        stock=0,
        low_stock_threshold=payload.low_stock_threshold,
        low_alerted=False,
        registered_at=at,
    )
    session.add(item)
    data = SupplyItemRegistered(
        id=item.id,
        unit=item.unit,
        at=at,
        name=item.name,
        measure=item.measure,
        low_stock_threshold=item.low_stock_threshold,
    )
    publish(session, data, caller)
    return item


async def get_item(*, session: AsyncSession, item_id: str) -> SupplyItem:
    item = await session.get(SupplyItem, item_id, populate_existing=True)
    if item is None:
        raise NotFound(f"物品 {item_id} 不存在 (item not found)")
    return item


async def purchase(
    *, session: AsyncSession, caller: Caller, units: UnitRegistry, item_id: str, payload: PurchaseCreate
) -> SupplyMovement:
    """Adds bought items to stock (采购入库)."""
    caller.require(*OFFICE)
    at = business_time(caller, payload.at)
    unit = unit_for(caller, units, payload.unit)
    table = SupplyItem.__table__.c
    stock = await session.scalar(
        update(SupplyItem)
        .where(SupplyItem.id == item_id)
        .values(
            stock=SupplyItem.stock + payload.quantity,
            low_alerted=case(
                (SupplyItem.stock + payload.quantity > SupplyItem.low_stock_threshold, False),
                else_=SupplyItem.low_alerted,
            ),
        )
        .returning(table.stock)
    )
    if stock is None:
        raise NotFound(f"物品 {item_id} 不存在 (item not found)")
    movement = SupplyMovement(
        id=new_id(),
        item_id=item_id,
        kind="purchase",
        unit=unit,
        quantity=payload.quantity,
        unit_price=payload.unit_price,
        supplier=payload.supplier,
        stock_after=stock,
        recorded_by=caller.sub,
        at=at,
    )
    session.add(movement)
    data = SupplyPurchased(
        id=movement.id,
        unit=unit,
        at=at,
        item_id=item_id,
        quantity=payload.quantity,
        unit_price=payload.unit_price,
        amount=payload.unit_price * payload.quantity,
        stock=stock,
    )
    publish(session, data, caller)
    return movement


async def requisition(
    *, session: AsyncSession, caller: Caller, units: UnitRegistry, item_id: str, payload: RequisitionCreate
) -> SupplyMovement:
    """Takes items out of stock for a unit (领用); 409 if the stock cannot cover it."""
    caller.require(*ANYONE_WHO_WRITES)
    at = business_time(caller, payload.at)
    unit = unit_for(caller, units, payload.unit)
    await _stock_held_from(session, item_id, at, payload.quantity)
    table = SupplyItem.__table__.c
    row = (
        await session.execute(
            update(SupplyItem)
            .where(SupplyItem.id == item_id, SupplyItem.stock >= payload.quantity)
            .values(stock=SupplyItem.stock - payload.quantity)
            .returning(table.stock, table.low_stock_threshold, table.low_alerted, table.name, table.unit)
        )
    ).one_or_none()
    if row is None:
        item = await get_item(session=session, item_id=item_id)
        raise Conflict(
            f"{item.name} 库存不足：现有 {item.stock}{item.measure}，申领 {payload.quantity}"
            f" (insufficient stock: {item.stock} left)"
        )
    stock, threshold, alerted, name, keeper = row
    movement = SupplyMovement(
        id=new_id(),
        item_id=item_id,
        kind="requisition",
        unit=unit,
        quantity=payload.quantity,
        unit_price=None,
        supplier=None,
        stock_after=stock,
        recorded_by=caller.sub,
        at=at,
    )
    session.add(movement)
    data = SupplyRequisitioned(
        id=movement.id, unit=unit, at=at, item_id=item_id, quantity=payload.quantity, stock=stock
    )
    publish(session, data, caller)
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
        await _raise_low_stock_alert(session, caller, alert)
    return movement


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


async def _raise_low_stock_alert(session: AsyncSession, caller: Caller, alert: SupplyStockLow) -> None:
    """The item's own state change (armed → alerted) and its one event (库存预警)."""
    await session.execute(update(SupplyItem).where(SupplyItem.id == alert.item_id).values(low_alerted=True))
    publish(session, alert, caller)


def list_movements(
    caller: Caller, *, item_id: str | None, unit: str | None, kind: str | None
) -> Select[SupplyMovement]:
    """Purchases and requisitions the caller may see (a unit sees its own)."""
    query = visible(select(SupplyMovement), SupplyMovement.unit, caller)
    if item_id is not None:
        query = query.where(SupplyMovement.item_id == item_id)
    if unit is not None:
        query = query.where(SupplyMovement.unit == unit)
    if kind is not None:
        query = query.where(SupplyMovement.kind == kind)
    return query
