"""Answers of rankings and party information; requests and answers of notices."""

from pydantic import BaseModel, Field

from shared.bounds import Year
from shared.business_time import Moment
from shared.schemas import ReadModel, RequestModel
from shared.types import OfficeTime


class Figures(BaseModel):
    submissions: int
    adoptions: int
    points: int


class Completion(BaseModel):
    """Percent of target done, one decimal; null where the target is 0 or unset."""

    submissions: float | None
    adoptions: float | None
    points: float | None


class RankingRow(BaseModel):
    rank: int
    unit: str
    name: str
    submitted: int
    adopted: int
    points: int
    target: Figures | None
    completion: Completion


class Rankings(BaseModel):
    year: int
    month: int | None
    items: list[RankingRow]


class PartyInfo(BaseModel):
    """党委信息: target, items done (party items submitted), percent done."""

    year: int
    unit: str | None
    target: int
    done: int
    pct: float | None


class NoticeCreate(RequestModel):
    """Publish the monthly notice (通报) of a month."""

    year: Year
    month: int = Field(ge=1, le=12)
    at: Moment | None = Field(None, description="business time of the action; default now")


class NoticeRead(ReadModel):
    id: str
    year: int
    month: int
    title: str
    rows: list[RankingRow]
    published_by: str
    published_at: OfficeTime
