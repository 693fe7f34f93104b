"""Routes of calendars: `.ics` of a unit's or a room's meetings, by token or by a secret address."""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response

from services.meetings.calendar import ics, service
from services.meetings.calendar.schemas import SubscriptionCreate, SubscriptionCreated, SubscriptionRead
from services.meetings.models import CalendarSubscription
from shared.app import Registry, Session
from shared.bounds import CodePath, IdPath, YearFilter
from shared.command import Ask, Cmd, OfficeZone
from shared.downloads import attachment
from shared.envelope import utcnow
from shared.pagination import Page, Paging

router = APIRouter(tags=["calendars"])
Secret = Annotated[str, Path(min_length=20, max_length=100, pattern=r"^[A-Za-z0-9_-]+$")]
ICS = "text/calendar; charset=utf-8"
ANSWERS: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/calendar": {}}, "description": "an iCalendar (RFC 5545) file"}
}


@router.get("/calendars/units/{unit}.ics", response_class=Response, responses=ANSWERS)
async def unit_calendar(unit: CodePath, ask: Ask, year: YearFilter = None) -> Response:
    """The meetings a unit organises or attends, as an .ics file."""
    return _ics(await service.unit_calendar(ask, unit, year))


@router.get("/calendars/rooms/{room}.ics", response_class=Response, responses=ANSWERS)
async def room_calendar(room: CodePath, ask: Ask, year: YearFilter = None) -> Response:
    """The meetings held in a room, as an .ics file."""
    return _ics(await service.room_calendar(ask, room, year))


@router.get("/calendars/feeds/{secret}.ics", response_class=Response, responses=ANSWERS)
async def subscribed_calendar(
    secret: Secret, session: Session, units: Registry, zone: OfficeZone
) -> Response:
    """A calendar by its secret address (no token: for Outlook, Apple Calendar, Thunderbird)."""
    return _ics(await service.secret_calendar(secret, session=session, units=units, timezone=zone))


@router.post("/calendars/subscriptions", status_code=201)
async def subscribe(request: Request, payload: SubscriptionCreate, cmd: Cmd) -> SubscriptionCreated:
    """Makes a secret address for a calendar application; the address is shown only in this answer.

    Committed here, not by `cmd.answer`: a stored answer would keep the secret, which is kept nowhere."""
    made, secret = await service.subscribe(cmd, payload)
    await cmd.session.commit()
    url = str(request.url_for("subscribed_calendar", secret=secret))
    return SubscriptionCreated(**SubscriptionRead.model_validate(made).model_dump(), url=url)


@router.get("/calendars/subscriptions")
async def list_subscriptions(ask: Ask, paging: Paging) -> Page[SubscriptionRead]:
    """The caller's own calendar addresses (without their secrets), revoked ones too."""
    query = service.mine(ask.caller)
    return await ask.page(query, key=CalendarSubscription.id, read=SubscriptionRead, paging=paging)


@router.delete("/calendars/subscriptions/{subscription_id}", status_code=204)
async def revoke(subscription_id: IdPath, cmd: Cmd) -> Response:
    """Revokes a calendar address: its feed answers 404 from now on."""
    await service.revoke(cmd, subscription_id)
    await cmd.session.commit()
    return Response(status_code=204)


def _ics(calendar: service.Calendar) -> Response:
    headers = attachment(f"{calendar.feed.name}会议日程.ics", f"{calendar.file}.ics")
    return Response(ics.calendar(calendar.feed, utcnow()), media_type=ICS, headers=headers)
