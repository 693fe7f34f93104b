"""Events the meetings service publishes, and the kind groups the statistics count by.

A meeting is counted by its `start` (business time) from `MeetingScheduled`, and taken
back by `MeetingCancelled`, which carries the same facts; a recurring series publishes
one `MeetingScheduled` per occurrence, so a series counts each occurrence still held.
"""

from datetime import date, datetime
from typing import ClassVar, Literal, get_args

from shared.contracts.base import EventData

MeetingKind = Literal[
    "coordination",
    "promotion",
    "dispatch",
    "onsite",
    "consultation",
    "party_group",
    "office_affairs",
    "party_branch",
    "theme_party_day",
    "organisational_life",
    "democratic_life",
    "group_study",
    "warning_education",
    "integrity_talk",
    "study",
    "reminder_talk",
    "other",
]
MEETING_KINDS: tuple[str, ...] = get_args(MeetingKind)
WORKING_KINDS = frozenset({"coordination", "promotion", "dispatch", "onsite", "consultation"})
PARTY_BUILDING_KINDS = frozenset(
    {
        "party_branch",
        "theme_party_day",
        "organisational_life",
        "democratic_life",
        "group_study",
        "warning_education",
        "integrity_talk",
        "study",
        "reminder_talk",
    }
)
AttendanceStatus = Literal["present", "absent", "leave"]


class RoomCreated(EventData):
    """A meeting room was added to the office's rooms."""

    service: ClassVar[str] = "meetings"
    entity: ClassVar[str] = "room"
    action: ClassVar[str] = "created"

    code: str
    name: str
    capacity: int


class MeetingFacts(EventData):
    """What the statistics need of a meeting: kind, flags, units and its time."""

    id: str
    series_id: str | None = None
    title: str
    kind: MeetingKind
    provincial_stat: bool
    external_units: list[str]
    organizer_unit: str
    room: str | None
    start: datetime
    end: datetime


class MeetingScheduled(MeetingFacts):
    """A meeting was scheduled (and its room booked): counted in the year of `start`."""

    service: ClassVar[str] = "meetings"
    entity: ClassVar[str] = "meeting"
    action: ClassVar[str] = "scheduled"

    attendees: list[str]
    attendee_units: list[str]


class MeetingCancelled(MeetingFacts):
    """A meeting was cancelled: its room is free and it counts nowhere (take it back)."""

    service: ClassVar[str] = "meetings"
    entity: ClassVar[str] = "meeting"
    action: ClassVar[str] = "cancelled"

    attendees: list[str]
    attendee_units: list[str]
    reason: str | None = None
    cancelled_at: datetime


class MeetingNoticeSent(EventData):
    """The notice of a meeting went out: notify delivers it to the attendees and units."""

    service: ClassVar[str] = "meetings"
    entity: ClassVar[str] = "meeting"
    action: ClassVar[str] = "noticed"

    meeting_id: str
    title: str
    kind: MeetingKind
    organizer_unit: str
    room: str | None
    start: datetime
    end: datetime
    attendees: list[str]
    attendee_units: list[str]
    note: str | None = None
    sent_at: datetime


class MaterialsAdded(EventData):
    """Materials (会议材料) were added to a meeting's list before it is held."""

    service: ClassVar[str] = "meetings"
    entity: ClassVar[str] = "materials"
    action: ClassVar[str] = "added"

    meeting_id: str
    organizer_unit: str
    titles: list[str]
    materials: list[str]
    added_at: datetime


class AttendanceRecorded(EventData):
    """A person signed in to a meeting (or was marked absent or on leave)."""

    service: ClassVar[str] = "meetings"
    entity: ClassVar[str] = "attendance"
    action: ClassVar[str] = "recorded"

    meeting_id: str
    organizer_unit: str
    person: str
    unit: str | None
    status: AttendanceStatus
    signed_at: datetime


class MinutesRecorded(EventData):
    """The minutes (纪要) of a meeting were recorded, with how many decisions they hold."""

    service: ClassVar[str] = "meetings"
    entity: ClassVar[str] = "minutes"
    action: ClassVar[str] = "recorded"

    meeting_id: str
    title: str
    kind: MeetingKind
    organizer_unit: str
    start: datetime
    summary: str
    decisions: int
    recorded_at: datetime


class DecisionRecorded(EventData):
    """A decision (确定事项) of a meeting: docs makes it a supervision item for the assignee unit."""

    service: ClassVar[str] = "meetings"
    entity: ClassVar[str] = "decision"
    action: ClassVar[str] = "recorded"

    id: str
    meeting_id: str
    meeting_title: str
    organizer_unit: str
    title: str
    assignee_unit: str
    due: date
    recorded_at: datetime
