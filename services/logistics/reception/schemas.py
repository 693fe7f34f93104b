"""Requests and answers of official reception (公务接待)."""

from decimal import Decimal

from pydantic import BaseModel, Field

from services.logistics.schemas import BusinessTime, Money
from shared.bounds import MaybeCode, Text200, Year
from shared.business_time import Moment
from shared.schemas import ReadModel, RequestModel
from shared.types import OfficeTime


class ReceptionCreate(RequestModel):
    unit: MaybeCode = Field(None, description="hosting unit; default the caller's")
    party: Text200 = Field(description="来访单位 / 接待对象")
    purpose: Text200 = Field(description="公务活动事由")
    headcount: int = Field(ge=1, le=1000, description="接待对象人数")
    escorts: int = Field(0, ge=0, le=1000, description="陪餐人数")
    start: Moment = Field(description="arrival")
    days: int = Field(1, ge=1, le=30, description="days with meals")
    nights: int = Field(0, ge=0, le=30, description="nights of lodging")
    meals_cost: Money = Decimal("0")
    lodging_cost: Money = Decimal("0")
    at: BusinessTime = None


class ReceptionRead(ReadModel):
    id: str
    unit: str
    party: str
    purpose: str
    headcount: int
    escorts: int
    start: OfficeTime
    days: int
    nights: int
    meals_cost: Decimal
    lodging_cost: Decimal
    recorded_by: str
    recorded_at: OfficeTime


class ReceptionLimits(BaseModel):
    """The office's reception standard, from configuration."""

    meal_limit_per_head_per_day: Decimal
    lodging_limit_per_head_per_night: Decimal
    small_party: int
    escorts_small_party: int


class ReceptionFilters(BaseModel):
    """The filters of `GET /receptions` (query parameters)."""

    unit: MaybeCode = None
    year: Year | None = None
