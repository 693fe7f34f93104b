"""Requests and answers of submissions and adoptions."""

from typing import Annotated

from pydantic import BaseModel, Field

from shared.bounds import MaybeCode, MaybeRecordId, Text100, Text200, Year, lines
from shared.business_time import Moment
from shared.contracts.infoscore import Category, Level
from shared.schemas import ReadModel, RequestModel
from shared.types import OfficeTime


class SubmissionCreate(RequestModel):
    """An information item (信息) a unit submits."""

    unit: MaybeCode = Field(None, description="submitting unit; default the caller's")
    title: Text200
    body: Annotated[str, lines(20_000, min_length=0)] = ""
    category: Category = Field("government", description="government 政务信息 | party 党委信息")
    submitted_at: Moment = Field(description="报送时间, ISO 8601 with offset")
    at: Moment | None = Field(None, description="business time of the action; default now")


class SubmissionRead(ReadModel):
    id: str
    unit: str
    title: str
    body: str
    category: Category
    submitted_at: OfficeTime
    year: int
    month: int
    submitted_by: str
    recorded_at: OfficeTime


class AdoptionCreate(RequestModel):
    """An outlet's adoption (采用) of a submitted item."""

    level: Level = Field(description="national 国家级 | provincial 省级 | department 厅本级")
    outlet: Text100 = Field(description="采用刊物或渠道")
    adopted_at: Moment = Field(description="采用时间, ISO 8601 with offset")
    instruction: bool = Field(False, description="获领导批示")
    at: Moment | None = Field(None, description="business time of the action; default now")


class AdoptionRead(ReadModel):
    id: str
    submission_id: str
    unit: str
    category: Category
    level: Level
    outlet: str
    instruction: bool
    points: int = Field(description="points earned, fixed by the rules of its year")
    adopted_at: OfficeTime
    year: int
    month: int
    status: str = Field(description="recorded | withdrawn")
    recorded_by: str
    recorded_at: OfficeTime
    withdrawn_reason: str | None
    withdrawn_at: OfficeTime | None


class WithdrawalCreate(RequestModel):
    """Withdrawal of a mistaken adoption: its points are taken back."""

    reason: Text200 = Field(description="撤销原因")
    at: Moment | None = Field(None, description="business time of the action; default now")


class SubmissionFilters(BaseModel):
    """The filters of `GET /submissions` (query parameters)."""

    year: Year | None = None
    month: int | None = Field(None, ge=1, le=12)
    unit: MaybeCode = None
    category: Category | None = None


class AdoptionFilters(BaseModel):
    """The filters of `GET /adoptions` (query parameters)."""

    year: Year | None = None
    month: int | None = Field(None, ge=1, le=12)
    unit: MaybeCode = None
    submission_id: MaybeRecordId = None
