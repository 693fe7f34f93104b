"""Rules of subscriptions: a unit orders copies of a title for a year; the cost is copies × price."""

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.logistics.models import Subscription
from services.logistics.service import (
    ANYONE_WHO_WRITES,
    get_visible,
    publish,
    unit_for,
    visible,
)
from services.logistics.subscriptions.schemas import SubscriptionCreate
from shared.auth import Caller
from shared.business_time import business_time
from shared.contracts.logistics import SubscriptionPlaced
from shared.errors import Conflict
from shared.ids import new_id
from shared.units import UnitRegistry


async def place(
    *, session: AsyncSession, caller: Caller, units: UnitRegistry, payload: SubscriptionCreate
) -> Subscription:
    """Places a subscription (报刊征订)."""
    caller.require(*ANYONE_WHO_WRITES)
    unit = unit_for(caller, units, payload.unit)
    at = business_time(caller, payload.at)
    await _not_placed_yet(session, year=payload.year, unit=unit, title=payload.title)
    subscription = Subscription(
        id=new_id(),
        year=payload.year,
        title=payload.title,
        publisher=payload.publisher,
        copies=payload.copies,
        unit=unit,
        unit_price=payload.unit_price,
        cost=payload.unit_price * payload.copies,
        placed_by=caller.sub,
        placed_at=at,
    )
    session.add(subscription)
    data = SubscriptionPlaced(
        id=subscription.id,
        unit=unit,
        at=at,
        year=payload.year,
        title=payload.title,
        copies=payload.copies,
        cost=subscription.cost,
    )
    publish(session, data, caller)
    return subscription


async def _not_placed_yet(session: AsyncSession, *, year: int, unit: str, title: str) -> None:
    """A unit orders a title once a year (more copies are one subscription, not two)."""
    query = select(Subscription.id).where(
        Subscription.year == year, Subscription.unit == unit, Subscription.title == title
    )
    if await session.scalar(query) is not None:
        raise Conflict(f"{unit} 已征订{year}年《{title}》，不能重复征订 (already subscribed for the year)")


async def get_subscription(*, session: AsyncSession, caller: Caller, subscription_id: str) -> Subscription:
    return await get_visible(session, Subscription, subscription_id, caller, label="报刊征订")


def list_subscriptions(caller: Caller, *, year: int | None, unit: str | None) -> Select[Subscription]:
    query = visible(select(Subscription), Subscription.unit, caller)
    if year is not None:
        query = query.where(Subscription.year == year)
    if unit is not None:
        query = query.where(Subscription.unit == unit)
    return query
