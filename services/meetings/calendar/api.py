"""Routes of calendars: `.ics` of a unit's or a room's meetings, by token or by a secret address."""

from dataclasses import dataclass
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Path, Request, Response
from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession

from services.meetings import service as meetings
from services.meetings.api_common import CodeInPath, MeetingId
from services.meetings.calendar import ics, service
from services.meetings.calendar.schemas import SubscriptionCreate, SubscriptionCreated, SubscriptionRead
from services.meetings.models import CalendarSubscription, Meeting
from services.meetings.rooms import service as rooms
from shared.app import Registry, Session
from shared.auth import Caller, CurrentCaller
from shared.bounds import YearFilter
from shared.command import Cmd, OfficeZone
from shared.envelope import utcnow
from shared.pagination import Cursor, Limit, Page, paginate
from shared.units import UnitRegistry

router = APIRouter(tags=["calendars"])
Secret = Annotated[str, Path(min_length=20, max_length=100, pattern=r"^[A-Za-z0-9_-]+$")]
ICS = "text/calendar; charset=utf-8"
ANSWERS: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/calendar": {}}, "description": "an iCalendar (RFC 5545) file"}
}


@router.get("/calendars/units/{unit}.ics", response_class=Response, responses=ANSWERS)
async def unit_calendar(
    unit: CodeInPath,
    session: Session,
    caller: CurrentCaller,
    units: Registry,
    zone: OfficeZone,
    year: YearFilter = None,
) -> Response:
    """The meetings a unit organises or attends, as an .ics file."""
    return await _unit(Reader(session, caller, zone), units, unit, year)


@router.get("/calendars/rooms/{room}.ics", response_class=Response, responses=ANSWERS)
async def room_calendar(
    room: CodeInPath, session: Session, caller: CurrentCaller, zone: OfficeZone, year: YearFilter = None
) -> Response:
    """The meetings held in a room, as an .ics file."""
    return await _room(Reader(session, caller, zone), room, year)


@router.get("/calendars/feeds/{secret}.ics", response_class=Response, responses=ANSWERS)
async def subscribed_calendar(
    secret: Secret, session: Session, units: Registry, zone: OfficeZone
) -> Response:
    """A calendar by its secret address (no token: for Outlook, Apple Calendar, Thunderbird)."""
    subscription, caller = await service.subscribed(session=session, secret=secret)
    if subscription.feed == "unit":
        return await _unit(Reader(session, caller, zone), units, subscription.code, None)
    return await _room(Reader(session, caller, zone), subscription.code, None)


@router.post("/calendars/subscriptions", status_code=201)
async def subscribe(request: Request, payload: SubscriptionCreate, cmd: Cmd) -> SubscriptionCreated:
    """Makes a secret address for a calendar application; the address is shown only in this answer.

    Committed here, not by `cmd.answer`: a stored answer would keep the secret, which is kept nowhere."""
    made, secret = await service.subscribe(cmd, payload)
    await cmd.session.commit()
    url = str(request.url_for("subscribed_calendar", secret=secret))
    return SubscriptionCreated(**SubscriptionRead.model_validate(made).model_dump(), url=url)


@router.get("/calendars/subscriptions")
async def list_subscriptions(
    session: Session, caller: CurrentCaller, limit: Limit = 50, cursor: Cursor = None
) -> Page[SubscriptionRead]:
    """The caller's own calendar addresses (without their secrets), revoked ones too."""
    rows, next_cursor = await paginate(
        session, service.mine(caller), key=CalendarSubscription.id, limit=limit, cursor=cursor
    )
    return Page.of(rows, SubscriptionRead, next_cursor)


@router.delete("/calendars/subscriptions/{subscription_id}", status_code=204)
async def revoke(subscription_id: MeetingId, cmd: Cmd) -> Response:
    """Revokes a calendar address: its feed answers 404 from now on."""
    await service.revoke(cmd, subscription_id)
    await cmd.session.commit()
    return Response(status_code=204)


@dataclass(frozen=True)
class Reader:
    """Who reads a calendar, in which session, on the office's clock."""

    session: AsyncSession
    caller: Caller
    zone: ZoneInfo


async def _unit(reader: Reader, units: UnitRegistry, unit: str, year: int | None) -> Response:
    known = units.require(unit, "unit")
    query = meetings.filter_meetings(service.unit_meetings(reader.caller, unit), year=year)
    return await _answer(reader, query, name=known.name, file=unit)


async def _room(reader: Reader, room: str, year: int | None) -> Response:
    found = await rooms.get_room(session=reader.session, code=room)
    query = meetings.filter_meetings(service.room_meetings(reader.caller, room), year=year)
    return await _answer(reader, query, name=found.name, file=room)


async def _answer(reader: Reader, query: Select[Meeting], *, name: str, file: str) -> Response:
    feed = await service.feed(
        session=reader.session, caller=reader.caller, query=query, name=name, timezone=reader.zone
    )
    headers = {"Content-Disposition": f'attachment; filename="{file}.ics"'}
    return Response(ics.calendar(feed, utcnow()), media_type=ICS, headers=headers)
