"""Requests and answers of the supervision ledger (督办台账)."""

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.bounds import Code, MaybeCode, Text100, Text200, Text2000, Year
from shared.business_time import Day, Moment
from shared.contracts.docs import SupervisionNoticeRow, SupervisionSource
from shared.query import TextSearch
from shared.types import OfficeTime

SupervisionStatus = Literal["open", "completed"]


class Action(BaseModel):
    model_config = ConfigDict(extra="forbid")

    at: Moment | None = Field(None, description="business time of the action; default now")


class SupervisionCreate(Action):
    """A new item: give `due` (a date) or `due_working_days` (N working days from assignment)."""

    title: Text200 = Field(description="督办事项")
    source: SupervisionSource = Field(
        description="领导批示 instruction, 会议 meeting, 文件 document, 问题整改 rectification "
        "or 群众意见建议 public_opinion"
    )
    source_ref: Text100 | None = Field(None, description="批示、会议或文件的编号")
    assignee_unit: Code = Field(description="承办单位 code")
    due: Day | None = Field(None, description="办理期限; moved to the next working day if a rest day")
    due_working_days: int | None = Field(
        None, ge=1, le=250, description="办理期限 as N working days after the day of assignment"
    )


class ProgressRequest(Action):
    note: Text2000 = Field(description="办理进展")


class UrgeRequest(Action):
    note: Text2000 | None = Field(None, description="催办意见")


class CompleteRequest(Action):
    note: Text2000 | None = Field(None, description="办结情况")


class NoticeRequest(Action):
    year: Year
    month: int = Field(ge=1, le=12)


class EntryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    kind: str
    note: str | None
    actor: str
    at: OfficeTime


class SupervisionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    title: str
    source: SupervisionSource
    source_ref: str | None
    decision_id: str | None
    assignee_unit: str
    year: int
    due: date
    due_working_days: int | None
    deadline: date = Field(description="`due` on a working day: overdue from the day after")
    status: str
    overdue: bool = Field(description="the deadline passed before completion (flagged once)")
    overdue_at: OfficeTime | None
    progress_count: int
    urge_count: int
    last_progress_at: OfficeTime | None
    completed_at: OfficeTime | None
    on_time: bool | None
    created_by: str
    created_at: OfficeTime
    history: list[EntryRead] = Field(validation_alias="entries")


class NoticeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    year: int
    month: int
    rows: list[SupervisionNoticeRow]
    published_by: str
    published_at: OfficeTime


class SupervisionFilters(BaseModel):
    """The filters of `GET /supervision` (query parameters)."""

    unit: MaybeCode = Field(None, description="assignee unit")
    status: SupervisionStatus | None = Field(None, description="open | completed")
    year: Year | None = Field(None, description="year of assignment")
    overdue: bool | None = Field(None, description="true: open items past their deadline on `as_of`")
    as_of: Day | None = Field(None, description="the day `overdue` is judged on; default today")
    q: TextSearch = None
