"""What the meetings service publishes (see shared.contracts.meetings) and consumes (nothing)."""

from datetime import datetime

from services.meetings.models import Attendance, Decision, Meeting, Room
from shared.auth import Caller
from shared.consumer import ConsumerSpec
from shared.contracts.base import envelope_for
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


def _facts(meeting: Meeting) -> dict[str, object]:
    return {
        "id": meeting.id,
        "series_id": meeting.series_id,
        "title": meeting.title,
        "kind": meeting.kind,
        "provincial_stat": meeting.provincial_stat,
        "external_units": meeting.external_units,
        "organizer_unit": meeting.organizer_unit,
        "room": meeting.room,
        "start": meeting.start,
        "end": meeting.end,
    }


def room_created(room: Room, caller: Caller) -> Envelope:
    data = RoomCreated(code=room.code, name=room.name, capacity=room.capacity)
    return envelope_for(data, subject=room.code, unit=None, actor=caller.sub, time=room.created_at)


def meeting_scheduled(meeting: Meeting, caller: Caller) -> Envelope:
    data = MeetingScheduled.model_validate(
        {**_facts(meeting), "attendees": meeting.attendees, "attendee_units": meeting.attendee_units}
    )
    return envelope_for(
        data, subject=meeting.id, unit=meeting.organizer_unit, actor=caller.sub, time=meeting.scheduled_at
    )


def meeting_cancelled(meeting: Meeting, caller: Caller) -> Envelope:
    assert meeting.cancelled_at is not None
    data = MeetingCancelled.model_validate(
        {
            **_facts(meeting),
            "attendees": meeting.attendees,
            "attendee_units": meeting.attendee_units,
            "reason": meeting.cancel_reason,
            "cancelled_at": meeting.cancelled_at,
        }
    )
    return envelope_for(
        data, subject=meeting.id, unit=meeting.organizer_unit, actor=caller.sub, time=meeting.cancelled_at
    )


def notice_sent(meeting: Meeting, caller: Caller, note: str | None) -> Envelope:
    assert meeting.notice_sent_at is not None
    data = MeetingNoticeSent.model_validate(
        {
            **{k: v for k, v in _facts(meeting).items() if k not in ("id", "series_id")},
            "meeting_id": meeting.id,
            "attendees": meeting.attendees,
            "attendee_units": meeting.attendee_units,
            "note": note,
            "sent_at": meeting.notice_sent_at,
        }
    )
    return envelope_for(
        data, subject=meeting.id, unit=meeting.organizer_unit, actor=caller.sub, time=meeting.notice_sent_at
    )


def materials_added(meeting: Meeting, titles: list[str], caller: Caller, at: datetime) -> Envelope:
    data = MaterialsAdded(
        meeting_id=meeting.id,
        organizer_unit=meeting.organizer_unit,
        titles=titles,
        materials=meeting.materials,
        added_at=at,
    )
    return envelope_for(data, subject=meeting.id, unit=meeting.organizer_unit, actor=caller.sub, time=at)


def attendance_recorded(meeting: Meeting, row: Attendance, caller: Caller) -> Envelope:
    data = AttendanceRecorded(
        meeting_id=meeting.id,
        organizer_unit=meeting.organizer_unit,
        person=row.person,
        unit=row.unit,
        status=row.status,
        signed_at=row.signed_at,
    )
    return envelope_for(
        data,
        subject=meeting.id,
        unit=row.unit or meeting.organizer_unit,
        actor=caller.sub,
        time=row.signed_at,
    )


def minutes_recorded(meeting: Meeting, decisions: int, caller: Caller) -> Envelope:
    assert meeting.minutes_recorded_at is not None and meeting.minutes_summary is not None
    data = MinutesRecorded(
        meeting_id=meeting.id,
        title=meeting.title,
        kind=meeting.kind,
        organizer_unit=meeting.organizer_unit,
        start=meeting.start,
        summary=meeting.minutes_summary,
        decisions=decisions,
        recorded_at=meeting.minutes_recorded_at,
    )
    return envelope_for(
        data,
        subject=meeting.id,
        unit=meeting.organizer_unit,
        actor=caller.sub,
        time=meeting.minutes_recorded_at,
    )


def decision_recorded(meeting: Meeting, decision: Decision, caller: Caller, at: datetime) -> Envelope:
    data = DecisionRecorded(
        id=decision.id,
        meeting_id=meeting.id,
        meeting_title=meeting.title,
        organizer_unit=meeting.organizer_unit,
        title=decision.title,
        assignee_unit=decision.assignee_unit,
        due=decision.due,
        recorded_at=at,
    )
    return envelope_for(
        data,
        subject=decision.id,
        unit=decision.assignee_unit,
        actor=caller.sub,
        time=at,
        actor_unit=caller.unit,  # docs checks the actor could have made the item
        actor_roles=caller.roles,
    )


def consumers() -> list[ConsumerSpec]:
    return []
