"""Routes of calendars: `.ics` of a unit's or a room's meetings."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from sqlalchemy import Select, select

from services.meetings import service as meetings
from services.meetings.api_common import CodeInPath
from services.meetings.calendar import ics
from services.meetings.models import Meeting, MeetingUnit
from services.meetings.rooms import service as rooms
from shared.app import Registry, Session
from shared.auth import CurrentCaller
from shared.envelope import utcnow

router = APIRouter(tags=["calendars"])
Year = Annotated[int | None, Query(ge=1900, le=2200)]
ICS = "text/calendar; charset=utf-8"
ANSWERS: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/calendar": {}}, "description": "an iCalendar (RFC 5545) file"}
}


@router.get("/calendars/units/{unit}.ics", response_class=Response, responses=ANSWERS)
async def unit_calendar(
    unit: CodeInPath, session: Session, caller: CurrentCaller, units: Registry, year: Year = None
) -> Response:
    """The meetings a unit organises or attends, as an .ics file."""
    known = units.require(unit, "unit")
    concerned = select(MeetingUnit.meeting_id).where(MeetingUnit.unit == unit)
    query = meetings.visible_meetings(caller).where(Meeting.id.in_(concerned))
    return await _answer(session, meetings.filter_meetings(query, year=year), name=known.name, file=unit)


@router.get("/calendars/rooms/{room}.ics", response_class=Response, responses=ANSWERS)
async def room_calendar(
    room: CodeInPath, session: Session, caller: CurrentCaller, year: Year = None
) -> Response:
    """The meetings held in a room, as an .ics file."""
    found = await rooms.get_room(session=session, code=room)
    query = meetings.filter_meetings(meetings.visible_meetings(caller), room=room, year=year)
    return await _answer(session, query, name=found.name, file=room)


async def _answer(session: Session, query: Select[Meeting], *, name: str, file: str) -> Response:
    rows = (await session.scalars(query.order_by(Meeting.start).limit(5000))).all()
    headers = {"Content-Disposition": f'attachment; filename="{file}.ics"'}
    return Response(ics.calendar(name, rows, utcnow()), media_type=ICS, headers=headers)
