"""Requests and answers of comprehensive materials (综合材料)."""

from pydantic import BaseModel, ConfigDict, Field

from shared.bounds import MaybeCode, Text200, Year
from shared.business_time import Moment
from shared.contracts.docs import MaterialKind
from shared.types import OfficeTime


class MaterialCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: MaterialKind = Field(description="纪要、总结、讲话、报告、调研文章、修订的制度 regulation 或其他")
    title: Text200
    unit: MaybeCode = Field(None, description="drafting unit code; default the caller's unit")
    completed_at: Moment = Field(description="完成时间: counts the material in its year")
    at: Moment | None = Field(None, description="business time of the action; default now")


class MaterialRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    kind: MaterialKind
    title: str
    unit: str
    year: int
    completed_at: OfficeTime
    recorded_by: str
    recorded_at: OfficeTime


class MaterialFilters(BaseModel):
    """The filters of `GET /materials` (query parameters)."""

    year: Year | None = Field(None, description="year of completion")
    kind: MaterialKind | None = None
    unit: MaybeCode = None
