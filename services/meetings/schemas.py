"""Requests and answers of the meetings service."""

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from shared.bounds import (
    Code,
    CodeQuery,
    LongText,
    MaybeCode,
    MaybeRecordId,
    Note2000,
    Reason500,
    Text100,
    Text200,
    Text500,
    YearFilter,
)
from shared.business_time import At, Day, Moment
from shared.contracts.meetings import AttendanceStatus, MeetingKind
from shared.meeting_groups import MeetingGroupCounts
from shared.query import TextSearch
from shared.types import OfficeTime

MeetingStatus = Literal["scheduled", "notified", "minuted", "cancelled"]


class RoomCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: Code
    name: Text100
    capacity: int = Field(ge=1, le=10000)
    unit: MaybeCode = Field(None, description="owning unit code (registry); default the caller's")
    at: At = None


class RoomRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    name: str
    capacity: int
    unit: str = Field(description="owning unit: booking another unit's room needs an office caller")


class MeetingFields(BaseModel):
    """What a meeting is: shared by a single meeting and a recurring series."""

    model_config = ConfigDict(extra="forbid")

    title: Text200
    kind: MeetingKind
    provincial_stat: bool = Field(False, description="列入省委、省政府统计范围")
    external_units: list[Text100] = Field(default_factory=list, max_length=50, description="外单位")
    organizer_unit: Code = Field(description="organising unit code (registry)")
    room: MaybeCode = Field(None, description="room code; none for meetings held elsewhere")
    start: Moment
    end: Moment
    attendees: list[Text100] = Field(default_factory=list, max_length=500, description="people")
    attendee_units: list[Code] = Field(default_factory=list, max_length=100, description="unit codes")
    materials: list[Text200] = Field(default_factory=list, max_length=100, description="会议材料")
    at: At = None

    @field_validator("end")
    @classmethod
    def _ends_after_start(cls, end: datetime, info: ValidationInfo) -> datetime:
        start = info.data.get("start")
        if start is not None and end <= start:
            raise ValueError("结束时间须晚于开始时间 (end must be after start)")
        return end


class MeetingCreate(MeetingFields):
    """Scheduling of one meeting (会前: 安排会议、预订会议室)."""


class MeetingRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    series_id: str | None
    title: str
    kind: MeetingKind
    provincial_stat: bool
    external_units: list[str]
    organizer_unit: str
    room: str | None
    start: OfficeTime
    end: OfficeTime
    year: int
    attendees: list[str]
    attendee_units: list[str]
    materials: list[str]
    status: str
    scheduled_by: str
    scheduled_at: OfficeTime
    notice_sent_at: OfficeTime | None
    cancelled_at: OfficeTime | None
    cancel_reason: str | None
    minutes_summary: str | None
    minutes_recorded_at: OfficeTime | None


class NoticeCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: Note2000 | None = None
    at: At = None


class MaterialsCreate(BaseModel):
    """Materials to add to a meeting's list (会前准备材料)."""

    model_config = ConfigDict(extra="forbid")

    titles: list[Text200] = Field(min_length=1, max_length=100)
    at: At = None


class AttendanceCreate(BaseModel):
    """A sign-in (签到): present, or marked absent or on leave (请假)."""

    model_config = ConfigDict(extra="forbid")

    person: Text100
    unit: MaybeCode = None
    status: AttendanceStatus = "present"
    at: At = None


class AttendanceRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    meeting_id: str
    person: str
    unit: str | None
    status: AttendanceStatus
    signed_at: OfficeTime


class CancelCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Reason500 | None = None
    at: At = None


class DecisionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Text500
    assignee_unit: Code
    due: Day


class DecisionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    seq: int
    title: str
    assignee_unit: str
    due: date


class MinutesCreate(BaseModel):
    """The minutes (纪要) and their decisions (确定事项)."""

    model_config = ConfigDict(extra="forbid")

    summary: LongText
    decisions: list[DecisionCreate] = Field(default_factory=list, max_length=100)
    at: At = None


class MinutesRead(BaseModel):
    meeting_id: str
    summary: str
    recorded_at: OfficeTime
    decisions: list[DecisionRead]


class MeetingFilters(BaseModel):
    """The filters of `GET /meetings` (query parameters)."""

    year: YearFilter = None
    kind: MeetingKind | None = None
    unit: CodeQuery = None
    room: CodeQuery = None
    status: MeetingStatus | None = None
    series: MaybeRecordId = None
    q: TextSearch = None


class MeetingCounts(MeetingGroupCounts):
    """Meetings held (not cancelled) in a year, as the statistics define them."""

    year: int
    unit: str | None
    by_kind: dict[str, int]


Weekday = Literal["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


class Recurrence(BaseModel):
    """How a series repeats: every `interval` weeks or months, `count` times or until a day."""

    model_config = ConfigDict(extra="forbid")

    freq: Literal["weekly", "monthly"]
    interval: int = Field(1, ge=1, le=12)
    count: int | None = Field(None, ge=1, le=200)
    until: Day | None = Field(None, validate_default=True, description="last possible day (inclusive)")
    weekdays: list[Weekday] = Field(
        default_factory=list, max_length=7, description="weekly: days of the week (default the start's)"
    )
    exceptions: list[Day] = Field(
        default_factory=list, max_length=200, description="dates (office calendar) without an occurrence"
    )

    @field_validator("until")
    @classmethod
    def _count_or_until(cls, until: date | None, info: ValidationInfo) -> date | None:
        if (until is None) == (info.data.get("count") is None):
            raise ValueError("须给出 count 或 until 之一 (give exactly one of count or until)")
        return until


class SeriesCreate(MeetingFields):
    """A recurring meeting: `start`/`end` are those of the first occurrence."""

    recurrence: Recurrence


class SeriesRead(BaseModel):
    id: str
    title: str
    organizer_unit: str
    rule: dict[str, Any]
    occurrences: list[MeetingRead]


class FreeRooms(BaseModel):
    start: OfficeTime
    end: OfficeTime
    items: list[RoomRead]
