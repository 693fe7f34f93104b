"""What a calendar shows, and the secret addresses that let calendar applications subscribe.

A subscription keeps the owner's claims of the moment it was made, so its feed shows what
the owner could see then; the owner revokes it (or makes a new one) when that changes.
Only the secret's SHA-256 is stored: the address is shown once, when it is made.
"""

import hashlib
import secrets
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.meetings import service as meetings
from services.meetings.calendar.ics import Feed
from services.meetings.calendar.schemas import SubscriptionCreate
from services.meetings.models import CalendarSubscription, Meeting, MeetingUnit, Room, Series
from services.meetings.rooms import service as rooms
from shared.auth import Caller
from shared.command import Command, Inquiry
from shared.errors import NotFound
from shared.ids import new_id
from shared.units import UnitRegistry

MAX_MEETINGS = 5000


@dataclass(frozen=True)
class Calendar:
    """A calendar's meetings, and the name of its file."""

    feed: Feed
    file: str


async def unit_calendar(ask: Inquiry, unit: str, year: int | None) -> Calendar:
    """The meetings a unit organises or attends (422 for a unit not in the registry)."""
    known = ask.units.require(unit, "unit")
    query = meetings.filter_meetings(unit_meetings(ask.caller, unit), year=year)
    return Calendar(await feed(ask, query, name=known.name), file=unit)


async def room_calendar(ask: Inquiry, room: str, year: int | None) -> Calendar:
    """The meetings held in a room (404 for an unknown room)."""
    found = await rooms.get_room(session=ask.session, code=room)
    query = meetings.filter_meetings(room_meetings(ask.caller, room), year=year)
    return Calendar(await feed(ask, query, name=found.name), file=room)


async def secret_calendar(
    secret: str, *, session: AsyncSession, units: UnitRegistry, timezone: ZoneInfo
) -> Calendar:
    """The calendar of a secret address, as its owner could see it then (404 for any other secret)."""
    subscription, caller = await subscribed(session=session, secret=secret)
    ask = Inquiry(session, caller, units, timezone)
    if subscription.feed == "unit":
        return await unit_calendar(ask, subscription.code, None)
    return await room_calendar(ask, subscription.code, None)


def unit_meetings(caller: Caller, unit: str) -> Select[Meeting]:
    """The meetings a unit organises or attends, as far as the caller may see them."""
    concerned = select(MeetingUnit.meeting_id).where(MeetingUnit.unit == unit)
    return meetings.visible_meetings(caller).where(Meeting.id.in_(concerned))


def room_meetings(caller: Caller, room: str) -> Select[Meeting]:
    return meetings.filter_meetings(meetings.visible_meetings(caller), room=room)


async def feed(ask: Inquiry, query: Select[Meeting], *, name: str) -> Feed:
    """The meetings of `query`, with every visible occurrence of the series among them."""
    session, caller = ask.session, ask.caller
    found = list((await session.scalars(query.order_by(Meeting.start).limit(MAX_MEETINGS))).all())
    series_ids = {m.series_id for m in found if m.series_id is not None}
    if series_ids:
        singles = [m for m in found if m.series_id is None]
        everyone = meetings.visible_meetings(caller).where(Meeting.series_id.in_(series_ids))
        found = singles + list((await session.scalars(everyone.order_by(Meeting.start))).all())
    series = (await session.scalars(select(Series).where(Series.id.in_(series_ids)))).all()
    room_codes = {m.room for m in found if m.room is not None}
    names = await session.execute(select(Room.code, Room.name).where(Room.code.in_(room_codes)))
    return Feed(
        name=name,
        meetings=sorted(found, key=lambda m: m.start),
        series={s.id: s for s in series},
        rooms={code: name for code, name in names},
        timezone=ask.timezone,
    )


async def subscribe(cmd: Command, payload: SubscriptionCreate) -> tuple[CalendarSubscription, str]:
    """Makes a secret address for a unit's or a room's calendar; answers it with its secret."""
    if payload.feed == "unit":
        cmd.units.require(payload.code, "code")
    else:
        await rooms.get_room(session=cmd.session, code=payload.code)
    secret = secrets.token_urlsafe(32)
    subscription = CalendarSubscription(
        id=new_id(),
        secret_hash=_hash(secret),
        owner=cmd.caller.sub,
        caller=cmd.caller.model_dump(mode="json"),
        feed=payload.feed,
        code=payload.code,
        created_at=cmd.now,
        revoked_at=None,
    )
    cmd.session.add(subscription)
    return subscription, secret


async def revoke(cmd: Command, subscription_id: str) -> None:
    """Revokes one of the caller's own addresses (404 for anyone else's)."""
    found = await cmd.session.get(CalendarSubscription, subscription_id)
    if found is None or found.owner != cmd.caller.sub:
        raise NotFound(f"订阅 {subscription_id} 不存在 (subscription not found)")
    found.revoked_at = found.revoked_at or cmd.now


async def subscribed(*, session: AsyncSession, secret: str) -> tuple[CalendarSubscription, Caller]:
    """The live subscription of a secret and the caller it reads as; 404 for any other secret."""
    query = select(CalendarSubscription).where(CalendarSubscription.secret_hash == _hash(secret))
    found = await session.scalar(query)
    if found is None or found.revoked_at is not None:
        raise NotFound("订阅地址无效或已撤销 (unknown or revoked calendar address)")
    return found, Caller.model_validate(found.caller)


def mine(caller: Caller) -> Select[CalendarSubscription]:
    return select(CalendarSubscription).where(CalendarSubscription.owner == caller.sub)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
