"""Requests and answers of subscriptions (报刊征订)."""

from decimal import Decimal

from pydantic import BaseModel, Field

from services.logistics.schemas import BusinessTime, Count, Money
from shared.bounds import MaybeCode, Text100, Text200, Year
from shared.schemas import ReadModel, RequestModel
from shared.types import OfficeTime


class SubscriptionCreate(RequestModel):
    year: Year = Field(description="征订年度")
    title: Text200 = Field(description="报刊名称")
    publisher: Text100 | None = None
    copies: Count
    unit_price: Money = Field(description="年订价 per copy")
    unit: MaybeCode = Field(None, description="subscribing unit; default the caller's")
    at: BusinessTime = None


class SubscriptionRead(ReadModel):
    id: str
    year: int
    title: str
    publisher: str | None
    copies: int
    unit_price: Decimal
    cost: Decimal
    unit: str
    placed_by: str
    placed_at: OfficeTime


class SubscriptionFilters(BaseModel):
    """The filters of `GET /subscriptions` (query parameters)."""

    year: Year | None = None
    unit: MaybeCode = None
