"""Requests and answers of office supplies (办公用品)."""

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from services.logistics.schemas import BusinessTime, Count, Money, Text10, Text100, UnitCode
from shared.types import OfficeTime

MovementKind = Literal["purchase", "requisition"]


class SupplyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Text100 = Field(description="品名, unique")
    spec: Text100 | None = Field(None, description="规格型号")
    measure: Text10 = Field("件", description="计量单位: 件, 盒, 包, 支 ...")
    low_stock_threshold: int = Field(0, ge=0, le=1_000_000, description="库存预警线")
    at: BusinessTime = None


class SupplyRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    spec: str | None
    measure: str
    unit: str
    stock: int
    low_stock_threshold: int
    low_alerted: bool
    registered_at: OfficeTime


class PurchaseCreate(BaseModel):
    """Items bought in (采购入库)."""

    model_config = ConfigDict(extra="forbid")

    quantity: Count
    unit_price: Money
    supplier: Text100 | None = None
    unit: UnitCode | None = Field(None, description="purchasing unit; default the caller's")
    at: BusinessTime = None


class RequisitionCreate(BaseModel):
    """Items taken out by a unit (领用出库)."""

    model_config = ConfigDict(extra="forbid")

    quantity: Count
    unit: UnitCode | None = Field(None, description="requisitioning unit; default the caller's")
    at: BusinessTime = None


class MovementRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

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
