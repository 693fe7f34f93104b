"""Requests and answers of holiday duty rosters (节假日值班)."""

from datetime import date
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from services.logistics.schemas import Action, BusinessTime
from shared.bounds import Code, MaybeCode, MaybeRecordId, RecordId, Text50, Text100, Text500, Year
from shared.business_time import Day
from shared.contracts.logistics import DutyRole, DutySwapStatus
from shared.schemas import ReadModel, RequestModel
from shared.types import OfficeTime

Person = Text100
Phone = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=3, max_length=30, pattern=r"^[0-9+\-() ]+$")
]
MAX_DAYS = 31
MAX_STAFF = 20


class OnDuty(RequestModel):
    """Someone on duty: `person` is their login (`sub`), whom reminders reach."""

    person: Person
    name: Text50 = Field(description="姓名")
    unit: Code = Field(description="所在处室/单位")
    phone: Phone | None = Field(None, description="值班电话")


class DutyDayCreate(RequestModel):
    date: Day
    leader: OnDuty = Field(description="带班领导")
    staff: list[OnDuty] = Field(min_length=1, max_length=MAX_STAFF, description="值班人员")


class RosterCreate(RequestModel):
    """A roster for a holiday period, every day of it from `start` to `end` once."""

    start: Day
    end: Day
    holiday: Text50 | None = Field(
        None, description="e.g. 国庆节; default the holiday the calendar names in the period"
    )
    name: Text100 | None = Field(None, description="default 「<year>年<holiday>值班表」")
    unit: MaybeCode = Field(None, description="the unit whose roster it is; default the caller's")
    days: list[DutyDayCreate] = Field(min_length=1, max_length=MAX_DAYS)
    at: BusinessTime = None


class ShiftRead(ReadModel):
    id: str
    roster_id: str
    day: date
    role: DutyRole
    person: str
    name: str
    unit: str
    phone: str | None
    starts_at: OfficeTime
    ends_at: OfficeTime


class DutyDayRead(BaseModel):
    date: date
    leader: ShiftRead | None
    staff: list[ShiftRead]


class RosterSummary(ReadModel):
    id: str
    name: str
    holiday: str
    unit: str
    start_on: date
    end_on: date
    published_by: str
    published_at: OfficeTime


class RosterRead(RosterSummary):
    days: list[DutyDayRead]


class DutyToday(BaseModel):
    """Who is on duty on a date (今日值班), over every roster that covers it."""

    on: date
    leaders: list[ShiftRead]
    staff: list[ShiftRead]


class SwapCreate(RequestModel):
    shift: RecordId = Field(description="the shift id (from the roster)")
    with_person: Person = Field(
        description="who takes the shift: someone on the same roster in the same role"
    )
    reason: Text500
    at: BusinessTime = None


class SwapReject(Action):
    reason: Text500 = Field(description="驳回理由")


class SwapRead(ReadModel):
    id: str
    roster_id: str
    shift_id: str
    from_person: str
    with_person: str
    reason: str
    status: DutySwapStatus
    requested_by: str
    requested_at: OfficeTime
    decided_by: str | None
    decided_at: OfficeTime | None
    rejection_reason: str | None


class ReminderRead(ReadModel):
    id: str
    roster_id: str
    shift_id: str
    person: str
    due_at: OfficeTime
    sent_at: OfficeTime | None
    outcome: str | None


class RosterFilters(BaseModel):
    """The filters of `GET /duty/rosters` (query parameters)."""

    year: Year | None = None
    holiday: Text50 | None = None


class SwapFilters(BaseModel):
    """The filters of `GET /duty/swaps` (query parameters)."""

    roster_id: MaybeRecordId = None
    status: DutySwapStatus | None = None


class ReminderFilters(BaseModel):
    """The filters of `GET /duty/reminders` (query parameters)."""

    roster_id: MaybeRecordId = None
    pending: bool | None = None
