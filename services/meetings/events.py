"""What the meetings service publishes (see shared.contracts.meetings) and consumes (nothing)."""

from datetime import datetime

from services.meetings.models import Attendance, Decision, Meeting, Room
from shared.auth import Caller
from shared.contracts.base import EventData, envelope_for
from shared.contracts.meetings import (
    AttendanceRecorded,
    DecisionRecorded,
    MaterialsAdded,
    MeetingCancelled,
    MeetingNoticeSent,
    MeetingScheduled,
    MinutesRecorded,
    RoomCreated,
)
from shared.envelope import Envelope
from shared.event_data import read_off


def _organizers(data: EventData, meeting: Meeting, caller: Caller, at: datetime) -> Envelope:
    """An event of the meeting, told to its organising unit."""
    return envelope_for(data, subject=meeting.id, unit=meeting.organizer_unit, actor=caller.sub, time=at)


def room_created(room: Room, caller: Caller) -> Envelope:
    data = read_off(RoomCreated, room)
    return envelope_for(data, subject=room.code, unit=None, actor=caller.sub, time=room.created_at)


def meeting_scheduled(meeting: Meeting, caller: Caller) -> Envelope:
    return _organizers(read_off(MeetingScheduled, meeting), meeting, caller, meeting.scheduled_at)


def meeting_cancelled(meeting: Meeting, caller: Caller) -> Envelope:
    assert meeting.cancelled_at is not None
    data = read_off(MeetingCancelled, meeting, reason=meeting.cancel_reason)
    return _organizers(data, meeting, caller, meeting.cancelled_at)


def notice_sent(meeting: Meeting, caller: Caller, note: str | None) -> Envelope:
    assert meeting.notice_sent_at is not None
    data = read_off(
        MeetingNoticeSent, meeting, meeting_id=meeting.id, note=note, sent_at=meeting.notice_sent_at
    )
    return _organizers(data, meeting, caller, meeting.notice_sent_at)


def materials_added(meeting: Meeting, titles: list[str], caller: Caller, at: datetime) -> Envelope:
    data = read_off(MaterialsAdded, meeting, meeting_id=meeting.id, titles=titles, added_at=at)
    return _organizers(data, meeting, caller, at)


def attendance_recorded(meeting: Meeting, row: Attendance, caller: Caller) -> Envelope:
    data = read_off(AttendanceRecorded, row, meeting_id=meeting.id, organizer_unit=meeting.organizer_unit)
    unit = row.unit or meeting.organizer_unit
    return envelope_for(data, subject=meeting.id, unit=unit, actor=caller.sub, time=row.signed_at)


def minutes_recorded(meeting: Meeting, decisions: int, caller: Caller) -> Envelope:
    assert meeting.minutes_recorded_at is not None
    at = meeting.minutes_recorded_at
    data = read_off(
        MinutesRecorded,
        meeting,
        meeting_id=meeting.id,
        summary=meeting.minutes_summary,
        decisions=decisions,
        recorded_at=at,
    )
    return _organizers(data, meeting, caller, at)


def decision_recorded(meeting: Meeting, decision: Decision, caller: Caller, at: datetime) -> Envelope:
    of_meeting = {
        "meeting_id": meeting.id,
        "meeting_title": meeting.title,
        "organizer_unit": meeting.organizer_unit,
    }
    data = read_off(DecisionRecorded, decision, **of_meeting, recorded_at=at)
    return envelope_for(
        data,
        subject=decision.id,
        unit=decision.assignee_unit,
        actor=caller.sub,
        time=at,
        actor_unit=caller.unit,  # docs checks the actor could have made the item
        actor_roles=caller.roles,
    )
