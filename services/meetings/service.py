"""The rules of meetings: a change takes the request's `Command` (shared.command) first.

Functions stage their changes (and events) in the command's session; the route's unit of
work commits them together. Who may do what: office staff and admins schedule and change any
meeting; a liaison or unit account only the meetings its own unit organises; leaders
and auditors read.
"""

from collections import Counter
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.meetings import events
from services.meetings.models import Meeting, MeetingUnit
from services.meetings.rooms import service as rooms
from services.meetings.schemas import (
    CancelCreate,
    MaterialsCreate,
    MeetingCounts,
    MeetingFields,
    MeetingFilters,
    NoticeCreate,
)
from shared.auth import Caller
from shared.command import Command, Inquiry
from shared.errors import Conflict, Forbidden
from shared.ids import new_id
from shared.meeting_groups import MEETING_GROUPS, meeting_groups
from shared.outbox import add_event
from shared.query import one_visible, text_search
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
    cmd: Command, fields: MeetingFields, *, start: datetime, end: datetime, series_id: str | None = None
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
        year=start.astimezone(cmd.timezone).year,
        attendees=list(fields.attendees),
        attendee_units=list(dict.fromkeys(fields.attendee_units)),
        materials=list(fields.materials),
        status="scheduled",
        scheduled_by=cmd.caller.sub,
        scheduled_at=cmd.at(fields.at),
    )


async def stage_meeting(cmd: Command, meeting: Meeting) -> None:
    """Adds a meeting, the units it concerns, and its `scheduled` event."""
    cmd.session.add(meeting)
    for unit in dict.fromkeys([meeting.organizer_unit, *meeting.attendee_units]):
        cmd.session.add(MeetingUnit(meeting_id=meeting.id, unit=unit))
    await add_event(cmd.session, events.meeting_scheduled(meeting, cmd.caller))


async def schedule_meeting(cmd: Command, payload: MeetingFields) -> Meeting:
    """Schedules a meeting and books its room (409 naming the meeting that holds it)."""
    check_units(cmd.units, payload)
    authorise_write(cmd.caller, payload.organizer_unit)
    if payload.room is not None:
        await rooms.book(cmd, payload.room, [(payload.start, payload.end)], visible_meetings(cmd.caller))
    meeting = new_meeting(cmd, payload, start=payload.start, end=payload.end)
    await stage_meeting(cmd, meeting)
    return meeting


def visible_meetings(caller: Caller) -> Select[Meeting]:
    """Meetings this caller may see: all for the office, else those concerning its unit."""
    query = select(Meeting)
    if not caller.sees_every_unit:
        mine = select(MeetingUnit.meeting_id).where(MeetingUnit.unit == caller.unit)
        query = query.where(Meeting.id.in_(mine))
    return query


async def get_meeting(
    *, session: AsyncSession, caller: Caller, meeting_id: str, for_update: bool = False
) -> Meeting:
    """Gets a meeting this caller may see, or 404; `for_update` locks it for a state change."""
    query = visible_meetings(caller).where(Meeting.id == meeting_id)
    return await one_visible(session, query, "会议", meeting_id, lock=for_update)


async def meeting_to_change(cmd: Command, meeting_id: str) -> Meeting:
    """The meeting, locked, if this caller may change it and it is not cancelled (409)."""
    meeting = await get_meeting(
        session=cmd.session, caller=cmd.caller, meeting_id=meeting_id, for_update=True
    )
    authorise_write(cmd.caller, meeting.organizer_unit)
    if meeting.status == "cancelled":
        raise Conflict(f"会议 {meeting.id} 已取消 (meeting is cancelled)")
    return meeting


def meeting_list(ask: Inquiry, filters: MeetingFilters) -> Select[Meeting]:
    """What `GET /meetings` lists: the meetings the caller may see, by its filters (422: unknown unit)."""
    if filters.unit is not None:
        ask.units.require(filters.unit, "unit")
    return filter_meetings(
        visible_meetings(ask.caller),
        year=filters.year,
        kind=filters.kind,
        unit=filters.unit,
        room=filters.room,
        status=filters.status,
        series_id=filters.series,
        q=filters.q,
    )


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
    if unit is not None:
        query = query.where(Meeting.id.in_(select(MeetingUnit.meeting_id).where(MeetingUnit.unit == unit)))
    equal = {
        Meeting.year: year,
        Meeting.kind: kind,
        Meeting.room: room,
        Meeting.status: status,
        Meeting.series_id: series_id,
    }
    return query.where(*(column == value for column, value in equal.items() if value is not None))


async def send_notice(cmd: Command, meeting_id: str, payload: NoticeCreate) -> Meeting:
    """Sends the notice (会议通知) to the attendees and units, once (409 again or after minutes)."""
    meeting = await meeting_to_change(cmd, meeting_id)
    if meeting.status != "scheduled":
        raise Conflict(f"会议 {meeting.id} 的通知已发出或已形成纪要 (notice already sent: {meeting.status})")
    meeting.status = "notified"
    meeting.notice_sent_at = cmd.at(payload.at)
    await add_event(cmd.session, events.notice_sent(meeting, cmd.caller, payload.note))
    return meeting


async def add_materials(cmd: Command, meeting_id: str, payload: MaterialsCreate) -> Meeting:
    """Adds materials to a meeting's list (409 once cancelled or minuted)."""
    meeting = await meeting_to_change(cmd, meeting_id)
    if meeting.status == "minuted":
        raise Conflict(f"会议 {meeting.id} 已形成纪要 (meeting already has minutes)")
    at = cmd.at(payload.at)
    meeting.materials = [*meeting.materials, *payload.titles]
    await add_event(cmd.session, events.materials_added(meeting, payload.titles, cmd.caller, at))
    return meeting


async def cancel_meeting(cmd: Command, meeting_id: str, payload: CancelCreate) -> Meeting:
    """Cancels a meeting: it frees its room and counts nowhere (409 twice, or once minuted)."""
    meeting = await meeting_to_change(cmd, meeting_id)
    if meeting.status == "minuted":
        raise Conflict(f"会议 {meeting.id} 已形成纪要，不能取消 (meeting already has minutes)")
    meeting.status = "cancelled"
    meeting.cancelled_at = cmd.at(payload.at)
    meeting.cancel_reason = payload.reason
    await add_event(cmd.session, events.meeting_cancelled(meeting, cmd.caller))
    return meeting


async def count_meetings(ask: Inquiry, *, year: int, unit: str | None) -> MeetingCounts:
    """Meetings held in a year (organised by `unit`), as the statistics count them; a unit's
    caller counts its own unit's only (403 for another's)."""
    if unit is not None:
        ask.units.require(unit, "unit")
    if not ask.caller.sees_every_unit:
        if unit not in (None, ask.caller.unit):
            raise Forbidden("只能查看本单位的会议统计 (may only count your own unit's meetings)")
        unit = ask.caller.unit
    query = select(Meeting).where(Meeting.year == year, Meeting.status != "cancelled")
    if unit is not None:
        query = query.where(Meeting.organizer_unit == unit)
    held = (await ask.session.scalars(query)).all()
    groups = Counter(
        group
        for m in held
        for group in meeting_groups(
            m.kind, provincial_stat=m.provincial_stat, external_units=m.external_units
        )
    )
    by_kind = Counter(m.kind for m in held)
    return MeetingCounts(
        year=year, unit=unit, **{g: groups[g] for g in MEETING_GROUPS}, by_kind=dict(sorted(by_kind.items()))
    )
