"""Routes of calendars: `.ics` of a unit's or a room's meetings, by token or by a secret address."""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from sqlalchemy import Select

from services.meetings import service as meetings
from services.meetings.api_common import CodeInPath, MeetingId, timezone_of
from services.meetings.calendar import ics, service
from services.meetings.calendar.schemas import SubscriptionCreate, SubscriptionCreated, SubscriptionRead
from services.meetings.models import CalendarSubscription, Meeting
from services.meetings.rooms import service as rooms
from shared.app import Registry, Session
from shared.auth import Caller, CurrentCaller
from shared.envelope import utcnow
from shared.pagination import Cursor, Limit, Page, paginate
from shared.units import UnitRegistry

router = APIRouter(tags=["calendars"])
Year = Annotated[int | None, Query(ge=1900, le=2200)]
Secret = Annotated[str, Path(min_length=20, max_length=100, pattern=r"^[A-Za-z0-9_-]+$")]
ICS = "text/calendar; charset=utf-8"
ANSWERS: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/calendar": {}}, "description": "an iCalendar (RFC 5545) file"}
}


@router.get("/calendars/units/{unit}.ics", response_class=Response, responses=ANSWERS)
async def unit_calendar(
    request: Request,
    unit: CodeInPath,
    session: Session,
    caller: CurrentCaller,
    units: Registry,
    year: Year = None,
) -> Response:
    """The meetings a unit organises or attends, as an .ics file."""
    return await _unit(request, session, caller, units, unit, year)


@router.get("/calendars/rooms/{room}.ics", response_class=Response, responses=ANSWERS)
async def room_calendar(
    request: Request, room: CodeInPath, session: Session, caller: CurrentCaller, year: Year = None
) -> Response:
    """The meetings held in a room, as an .ics file."""
    return await _room(request, session, caller, room, year)


@router.get("/calendars/feeds/{secret}.ics", response_class=Response, responses=ANSWERS)
async def subscribed_calendar(
    request: Request, secret: Secret, session: Session, units: Registry
) -> Response:
    """A calendar by its secret address (no token: for Outlook, Apple Calendar, Thunderbird)."""
    subscription, caller = await service.subscribed(session=session, secret=secret)
    if subscription.feed == "unit":
        return await _unit(request, session, caller, units, subscription.code, None)
    return await _room(request, session, caller, subscription.code, None)


@router.post("/calendars/subscriptions", status_code=201)
async def subscribe(
    request: Request, payload: SubscriptionCreate, session: Session, caller: CurrentCaller, units: Registry
) -> SubscriptionCreated:
    """Makes a secret address for a calendar application; the address is shown only in this answer."""
    made, secret = await service.subscribe(session=session, caller=caller, units=units, payload=payload)
    await session.commit()
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
    return Page(items=[SubscriptionRead.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.delete("/calendars/subscriptions/{subscription_id}", status_code=204)
async def revoke(subscription_id: MeetingId, session: Session, caller: CurrentCaller) -> Response:
    """Revokes a calendar address: its feed answers 404 from now on."""
    await service.revoke(session=session, caller=caller, subscription_id=subscription_id)
    await session.commit()
    return Response(status_code=204)


async def _unit(
    request: Request, session: Session, caller: Caller, units: UnitRegistry, unit: str, year: int | None
) -> Response:
    known = units.require(unit, "unit")
    query = meetings.filter_meetings(service.unit_meetings(caller, unit), year=year)
    return await _answer(request, session, caller, query, name=known.name, file=unit)


async def _room(request: Request, session: Session, caller: Caller, room: str, year: int | None) -> Response:
    found = await rooms.get_room(session=session, code=room)
    query = meetings.filter_meetings(service.room_meetings(caller, room), year=year)
    return await _answer(request, session, caller, query, name=found.name, file=room)


async def _answer(
    request: Request, session: Session, caller: Caller, query: Select[Meeting], *, name: str, file: str
) -> Response:
    feed = await service.feed(
        session=session, caller=caller, query=query, name=name, timezone=timezone_of(request)
    )
    headers = {"Content-Disposition": f'attachment; filename="{file}.ics"'}
    return Response(ics.calendar(feed, utcnow()), media_type=ICS, headers=headers)
