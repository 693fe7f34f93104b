"""Requests and answers of recurring inspections (周巡检、月监测、季普查、年报告)."""

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from services.logistics.schemas import BusinessTime
from shared.bounds import MaybeCode, Text100, Text200, Text2000
from shared.business_time import Moment
from shared.contracts.logistics import Cadence
from shared.schemas import ReadModel, RequestModel
from shared.types import OfficeTime

Outcome = Literal["ok", "issues"]
Severity = Literal["minor", "major", "critical"]


class PlanCreate(RequestModel):
    name: Text100 = Field(description="e.g. 门户网站周巡检")
    target: Text200 = Field(description="what is inspected, e.g. 门户网站")
    cadence: Cadence
    unit: MaybeCode = Field(None, description="responsible unit; default the caller's")
    starts_on: Annotated[date, Field(ge=date(2000, 1, 1), le=date(2100, 12, 31))]
    at: BusinessTime = None


class PlanRead(ReadModel):
    id: str
    name: str
    target: str
    cadence: Cadence
    unit: str
    starts_on: date
    created_by: str
    created_at: OfficeTime


class Finding(RequestModel):
    severity: Severity = "minor"
    description: Text2000


class ResultCreate(RequestModel):
    """An inspection done: `at` is when it was performed and decides its period."""

    outcome: Outcome
    findings: list[Finding] = Field(default_factory=list, max_length=100)
    at: BusinessTime = None


class ResultRead(ReadModel):
    id: str
    plan_id: str
    period_start: date
    performed_at: OfficeTime
    outcome: Outcome
    findings: list[dict[str, Any]]
    performed_by: str


class Overdue(BaseModel):
    """A plan whose latest elapsed period has no result (逾期)."""

    plan_id: str
    name: str
    unit: str
    cadence: Cadence
    last_performed_at: OfficeTime | None
    missed_count: int = Field(description="elapsed periods without a result since the last one")
    missed_periods: list[date] = Field(description="first days of the latest (at most 60) of them")
    due_since: date = Field(description="the day the first missed period ended")


class OverdueReport(BaseModel):
    as_of: OfficeTime
    items: list[Overdue]


class ScanRequest(RequestModel):
    as_of: Moment | None = Field(None, description="default now")


class ScanResult(BaseModel):
    as_of: OfficeTime
    recorded: int = Field(description="missed periods recorded now (each published once)")


class PlanFilters(BaseModel):
    """The filters of `GET /inspections/plans` (query parameters)."""

    unit: MaybeCode = None
    cadence: Cadence | None = None


class OverdueFilters(BaseModel):
    """The filters of `GET /inspections/overdue` (query parameters)."""

    as_of: Moment | None = Field(None, description="default now")
    unit: MaybeCode = None
