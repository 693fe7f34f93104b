"""Requests and answers of the docs service."""

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from shared.bounds import Code, MaybeCode, Text100, Text200, Year
from shared.business_time import Day, Moment
from shared.contracts.docs import Channel, Classification, IncomingStatus, Urgency
from shared.query import TextSearch
from shared.types import OfficeTime


class IncomingCreate(BaseModel):
    """Registration of a received document (收文登记)."""

    model_config = ConfigDict(extra="forbid")

    title: Text200
    source_org: Text100 = Field(description="来文单位")
    source_ref: Text100 | None = Field(None, description="来文字号")
    channel: Channel
    classification: Classification = "none"
    urgency: Urgency = "normal"
    received_at: Moment = Field(description="收文时间, ISO 8601 with offset")
    unit: MaybeCode = Field(None, description="receiving unit code; default the caller's unit")
    at: Moment | None = Field(None, description="business time of the action; default now")


class IncomingRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    reg_no: str
    title: str
    source_org: str
    source_ref: str | None
    channel: Channel
    classification: Classification
    urgency: Urgency
    received_at: OfficeTime
    unit: str
    status: str
    registered_by: str
    registered_at: OfficeTime
    lead_unit: str | None = None
    assist_units: list[str] | None = None
    due: date | None = None
    assigned_by: str | None = None
    assigned_at: OfficeTime | None = None
    completed_at: OfficeTime | None = None
    urge_count: int = 0


class IncomingAction(BaseModel):
    model_config = ConfigDict(extra="forbid")

    at: Moment | None = Field(None, description="business time of the action; default now")


class IncomingAssign(IncomingAction):
    """Assignment (传办) to one lead unit (主办) and optional assisting units (协办)."""

    lead_unit: Code = Field(description="主办单位 code")
    assist_units: list[Code] = Field(default_factory=list, max_length=50, description="协办单位 codes")
    due: Day = Field(description="办理期限")


class IncomingFilters(BaseModel):
    """The filters of `GET /incoming` (query parameters)."""

    year: Year | None = None
    status: IncomingStatus | None = None
    channel: Channel | None = None
    unit: MaybeCode = Field(None, description="registering, lead or assisting unit")
    q: TextSearch = None
    overdue: bool | None = Field(None, description="true: in handling and past its due date")
