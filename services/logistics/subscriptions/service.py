"""Rules of subscriptions: a unit orders copies of a title for a year; the cost is copies × price."""

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.logistics.models import Subscription
from services.logistics.service import ANYONE_WHO_WRITES, announce, get_visible, unit_for
from services.logistics.subscriptions.schemas import SubscriptionCreate, SubscriptionFilters
from shared.auth import Caller
from shared.command import Command
from shared.contracts.logistics import SubscriptionPlaced
from shared.errors import Conflict
from shared.event_data import read_off
from shared.ids import new_id
from shared.query import narrowed, of_own_unit


async def place(cmd: Command, payload: SubscriptionCreate) -> Subscription:
    """Places a subscription (报刊征订)."""
    cmd.caller.require(*ANYONE_WHO_WRITES)
    unit = unit_for(cmd, payload.unit)
    at = cmd.at(payload.at)
    await _not_placed_yet(cmd.session, year=payload.year, unit=unit, title=payload.title)
    subscription = Subscription(
        id=new_id(),
        **payload.model_dump(exclude={"unit", "at"}),
        unit=unit,
        cost=payload.unit_price * payload.copies,
        placed_by=cmd.caller.sub,
        placed_at=at,
    )
    cmd.session.add(subscription)
    await announce(cmd, read_off(SubscriptionPlaced, subscription, at=at))
    return subscription


async def _not_placed_yet(session: AsyncSession, *, year: int, unit: str, title: str) -> None:
    """A unit orders a title once a year (more copies are one subscription, not two)."""
    query = select(Subscription.id).where(
        Subscription.year == year, Subscription.unit == unit, Subscription.title == title
    )
    if await session.scalar(query) is not None:
        raise Conflict(f"{unit} 已征订{year}年《{title}》，不能重复征订 (already subscribed for the year)")


async def get_subscription(session: AsyncSession, caller: Caller, subscription_id: str) -> Subscription:
    return await get_visible(session, Subscription, subscription_id, caller, label="报刊征订")


def list_subscriptions(caller: Caller, filters: SubscriptionFilters) -> Select[Subscription]:
    query = of_own_unit(caller, select(Subscription), Subscription.unit)
    return narrowed(query, (Subscription.year, filters.year), (Subscription.unit, filters.unit))
