"""Requests and answers of office supplies (办公用品)."""

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

from services.logistics.schemas import BusinessTime, Count, Money
from shared.bounds import MaybeCode, MaybeRecordId, Text10, Text100
from shared.schemas import ReadModel, RequestModel
from shared.types import OfficeTime

MovementKind = Literal["purchase", "requisition"]


class SupplyCreate(RequestModel):
    name: Text100 = Field(description="品名, unique")
    spec: Text100 | None = Field(None, description="规格型号")
    measure: Text10 = Field("件", description="计量单位: 件, 盒, 包, 支 ...")
    low_stock_threshold: int = Field(0, ge=0, le=1_000_000, description="库存预警线")
    at: BusinessTime = None


class SupplyRead(ReadModel):
    id: str
    name: str
    spec: str | None
    measure: str
    unit: str
    stock: int
    low_stock_threshold: int
    low_alerted: bool
    registered_at: OfficeTime


class PurchaseCreate(RequestModel):
    """Items bought in (采购入库)."""

    quantity: Count
    unit_price: Money
    supplier: Text100 | None = None
    unit: MaybeCode = Field(None, description="purchasing unit; default the caller's")
    at: BusinessTime = None


class RequisitionCreate(RequestModel):
    """Items taken out by a unit (领用出库)."""

    quantity: Count
    unit: MaybeCode = Field(None, description="requisitioning unit; default the caller's")
    at: BusinessTime = None


class MovementRead(ReadModel):
    id: str
    item_id: str
    kind: MovementKind
    unit: str
    quantity: int
    unit_price: Decimal | None
    supplier: str | None
    stock_after: int
    recorded_by: str
    at: OfficeTime


class MovementFilters(BaseModel):
    """The filters of `GET /supplies/movements` (query parameters)."""

    item_id: MaybeRecordId = None
    unit: MaybeCode = None
    kind: MovementKind | None = None
