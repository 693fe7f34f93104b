"""The rules of meetings: plain async functions, keyword-only arguments.

Functions stage their changes (and events) in the session; the route's unit of work
commits them together. Who may do what: office staff and admins schedule and change any
meeting; a liaison or unit account only the meetings its own unit organises; leaders
and auditors read.
"""

from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.meetings import events
from services.meetings.models import Meeting, MeetingUnit
from services.meetings.rooms import service as rooms
from services.meetings.schemas import MeetingCounts, MeetingFields
from shared.auth import Caller
from shared.business_time import business_time
from shared.contracts.meetings import PARTY_BUILDING_KINDS, WORKING_KINDS
from shared.errors import Conflict, Forbidden, NotFound
from shared.ids import new_id
from shared.outbox import add_event
from shared.query import text_search
from shared.units import UnitRegistry

WRITER_ROLES = ("staff", "admin", "liaison", "unit")


def authorise_write(caller: Caller, organizer_unit: str) -> None:
    """Writers only, and a unit's caller only for meetings its unit organises (403)."""
    caller.require(*WRITER_ROLES)
    if not caller.may_act_for(organizer_unit):
        raise Forbidden(
            f"只能安排或变更本单位组织的会议 (may only act on meetings organised by {caller.unit})"
        )


def check_units(units: UnitRegistry, fields: MeetingFields) -> None:
    """Every unit code is in the registry (422 naming the field)."""
    units.require(fields.organizer_unit, "organizer_unit")
    for i, code in enumerate(fields.attendee_units):
        units.require(code, f"attendee_units.{i}")


def new_meeting(
    fields: MeetingFields,
    *,
    start: datetime,
    end: datetime,
    caller: Caller,
    timezone: ZoneInfo,
    series_id: str | None = None,
) -> Meeting:
    """A scheduled meeting built from its fields (not yet added to a session)."""
    return Meeting(
        id=new_id(),
        series_id=series_id,
        title=fields.title,
        kind=fields.kind,
        provincial_stat=fields.provincial_stat,
        external_units=list(fields.external_units),
        organizer_unit=fields.organizer_unit,
        room=fields.room,
        start=start,
        end=end,
        year=start.astimezone(timezone).year,
        attendees=list(fields.attendees),
        attendee_units=list(dict.fromkeys(fields.attendee_units)),
        materials=list(fields.materials),
        status="scheduled",
        scheduled_by=caller.sub,
        scheduled_at=business_time(caller, fields.at),
    )


def stage_meeting(session: AsyncSession, meeting: Meeting, caller: Caller) -> None:
    """Adds a meeting, the units it concerns, and its `scheduled` event."""
    session.add(meeting)
    for unit in dict.fromkeys([meeting.organizer_unit, *meeting.attendee_units]):
        session.add(MeetingUnit(meeting_id=meeting.id, unit=unit))
    add_event(session, events.meeting_scheduled(meeting, caller))


async def schedule_meeting(
    *,
    session: AsyncSession,
    caller: Caller,
    units: UnitRegistry,
    payload: MeetingFields,
    timezone: ZoneInfo,
) -> Meeting:
    """Schedules a meeting and books its room (409 naming the meeting that holds it)."""
    check_units(units, payload)
    authorise_write(caller, payload.organizer_unit)
    if payload.room is not None:
        await rooms.book(
            session=session,
            caller=caller,
            room=payload.room,
            intervals=[(payload.start, payload.end)],
            visible=visible_meetings(caller),
        )
    meeting = new_meeting(payload, start=payload.start, end=payload.end, caller=caller, timezone=timezone)
    stage_meeting(session, meeting, caller)
    return meeting


def visible_meetings(caller: Caller) -> Select[Meeting]:
    """Meetings this caller may see: all for the office, else those concerning its unit."""
    query = select(Meeting)
    if not caller.acts_for_office and not caller.has("auditor"):
        mine = select(MeetingUnit.meeting_id).where(MeetingUnit.unit == caller.unit)
        query = query.where(Meeting.id.in_(mine))
    return query


async def get_meeting(
    *, session: AsyncSession, caller: Caller, meeting_id: str, for_update: bool = False
) -> Meeting:
    """Gets a meeting this caller may see, or 404; `for_update` locks it for a state change."""
    query = visible_meetings(caller).where(Meeting.id == meeting_id)
    meeting = await session.scalar(query.with_for_update() if for_update else query)
    if meeting is None:
        raise NotFound(f"会议 {meeting_id} 不存在或无权查看 (meeting not found)")
    return meeting


async def meeting_to_change(*, session: AsyncSession, caller: Caller, meeting_id: str) -> Meeting:
    """The meeting, locked, if this caller may change it and it is not cancelled (409)."""
    meeting = await get_meeting(session=session, caller=caller, meeting_id=meeting_id, for_update=True)
    authorise_write(caller, meeting.organizer_unit)
    if meeting.status == "cancelled":
        raise Conflict(f"会议 {meeting.id} 已取消 (meeting is cancelled)")
    return meeting


def filter_meetings(
    query: Select[Meeting],
    *,
    year: int | None = None,
    kind: str | None = None,
    unit: str | None = None,
    room: str | None = None,
    status: str | None = None,
    series_id: str | None = None,
    q: str | None = None,
) -> Select[Meeting]:
    """Narrows a list of meetings by the portal's filters (`unit`: organiser or attendee; `q` title)."""
    if q:
        query = query.where(text_search(q, Meeting.title))
    if year is not None:
        query = query.where(Meeting.year == year)
    if kind is not None:
        query = query.where(Meeting.kind == kind)
    if unit is not None:
        query = query.where(Meeting.id.in_(select(MeetingUnit.meeting_id).where(MeetingUnit.unit == unit)))
    if room is not None:
        query = query.where(Meeting.room == room)
    if status is not None:
        query = query.where(Meeting.status == status)
    if series_id is not None:
        query = query.where(Meeting.series_id == series_id)
    return query


async def send_notice(
    *, session: AsyncSession, caller: Caller, meeting_id: str, note: str | None, at: datetime | None
) -> Meeting:
    """Sends the notice (会议通知) to the attendees and units, once (409 again or after minutes)."""
    meeting = await meeting_to_change(session=session, caller=caller, meeting_id=meeting_id)
    if meeting.status != "scheduled":
        raise Conflict(f"会议 {meeting.id} 的通知已发出或已形成纪要 (notice already sent: {meeting.status})")
    meeting.status = "notified"
    meeting.notice_sent_at = business_time(caller, at)
    add_event(session, events.notice_sent(meeting, caller, note))
    return meeting


async def add_materials(
    *, session: AsyncSession, caller: Caller, meeting_id: str, titles: list[str], at: datetime | None
) -> Meeting:
    """Adds materials to a meeting's list (409 once cancelled or minuted)."""
    meeting = await meeting_to_change(session=session, caller=caller, meeting_id=meeting_id)
    if meeting.status == "minuted":
        raise Conflict(f"会议 {meeting.id} 已形成纪要 (meeting already has minutes)")
    meeting.materials = [*meeting.materials, *titles]
    add_event(session, events.materials_added(meeting, titles, caller, business_time(caller, at)))
    return meeting


async def cancel_meeting(
    *, session: AsyncSession, caller: Caller, meeting_id: str, reason: str | None, at: datetime | None
) -> Meeting:
    """Cancels a meeting: it frees its room and counts nowhere (409 twice, or once minuted)."""
    meeting = await meeting_to_change(session=session, caller=caller, meeting_id=meeting_id)
    if meeting.status == "minuted":
        raise Conflict(f"会议 {meeting.id} 已形成纪要，不能取消 (meeting already has minutes)")
    meeting.status = "cancelled"
    meeting.cancelled_at = business_time(caller, at)
    meeting.cancel_reason = reason
    add_event(session, events.meeting_cancelled(meeting, caller))
    return meeting


async def count_meetings(*, session: AsyncSession, year: int, unit: str | None) -> MeetingCounts:
    """Meetings held in a year (organised by `unit`), as the statistics count them."""
    query = select(Meeting).where(Meeting.year == year, Meeting.status != "cancelled")
    if unit is not None:
        query = query.where(Meeting.organizer_unit == unit)
    held = (await session.scalars(query)).all()
    by_kind = Counter(m.kind for m in held)
    return MeetingCounts(
        year=year,
        unit=unit,
        total=len(held),
        provincial_stat=sum(m.provincial_stat for m in held),
        working=sum(by_kind[k] for k in WORKING_KINDS),
        external_other=sum(1 for m in held if m.kind == "other" and m.external_units),
        party_group=by_kind["party_group"],
        office_affairs=by_kind["office_affairs"],
        party_building=sum(by_kind[k] for k in PARTY_BUILDING_KINDS),
        by_kind=dict(sorted(by_kind.items())),
    )
