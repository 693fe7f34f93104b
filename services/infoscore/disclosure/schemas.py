"""Requests and answers of disclosures and assessments."""

from pydantic import BaseModel, Field

from shared.bounds import Text40, Text200, Year
from shared.business_time import Moment
from shared.schemas import ReadModel, RequestModel
from shared.types import OfficeTime


class DisclosureCreate(RequestModel):
    """An item published on the department's website (政务公开)."""

    title: Text200
    category: Text40 = Field(description="公开类别, e.g. 政策文件, 工作动态, 公开指南, 公开目录")
    published_at: Moment = Field(description="发布时间, ISO 8601 with offset")
    at: Moment | None = Field(None, description="business time of the action; default now")


class DisclosureRead(ReadModel):
    id: str
    title: str
    category: str
    published_at: OfficeTime
    year: int
    month: int
    recorded_by: str
    recorded_at: OfficeTime


class MonthCount(BaseModel):
    month: int
    count: int


class DisclosureReport(BaseModel):
    """信息公开月报: items published per month of a year, and by category."""

    year: int
    total: int
    months: list[MonthCount]
    by_category: dict[str, int]


class AssessmentCreate(RequestModel):
    """The region's ranking of the department for a year (排名全区第N)."""

    year: Year
    rank: int = Field(ge=1, le=10_000)
    points: float = Field(ge=0, le=1_000_000, allow_inf_nan=False)
    at: Moment | None = Field(None, description="business time of the action; default now")


class AssessmentRead(BaseModel):
    year: int
    rank: int
    points: float
    rank_prev: int | None = Field(description="the rank of the year before, if recorded")
    points_prev: float | None
    rank_change: int | None = Field(description="places moved up against the year before")
    recorded_by: str
    recorded_at: OfficeTime


class DisclosureFilters(BaseModel):
    """The filters of `GET /disclosures` (query parameters)."""

    year: Year | None = None
    month: int | None = Field(None, ge=1, le=12)
    category: Text40 | None = None
