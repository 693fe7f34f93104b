"""Requests and answers of official vehicles (公务用车)."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field, ValidationInfo, field_validator

from services.logistics.schemas import Action, BusinessTime
from shared.bounds import MaybeCode, MaybeRecordId, RecordId, Text20, Text50, Text100, Text200, Text500
from shared.business_time import Moment
from shared.contracts.logistics import TripStatus
from shared.schemas import ReadModel, RequestModel
from shared.types import OfficeTime

Plate = Annotated[
    str,
    Field(min_length=5, max_length=12, pattern=r"^[^\s\x00-\x1f\x7f]+$", description="车牌号, e.g. 桂A12345"),
]


class VehicleCreate(RequestModel):
    plate: Plate
    model: Text100 = Field(description="车型")
    seats: int = Field(ge=1, le=80)
    unit: MaybeCode = Field(None, description="owning unit; default the caller's")
    odometer_km: int = Field(0, ge=0, le=10_000_000)
    at: BusinessTime = None


class VehicleRead(ReadModel):
    id: str
    plate: str
    model: str
    seats: int
    unit: str
    odometer_km: int
    registered_at: OfficeTime


class DriverCreate(RequestModel):
    name: Text50
    phone: Text20 | None = None
    unit: MaybeCode = None
    at: BusinessTime = None


class DriverRead(ReadModel):
    id: str
    name: str
    phone: str | None
    unit: str
    registered_at: OfficeTime


class TripCreate(RequestModel):
    """A vehicle request (用车申请): which vehicle, for what, when."""

    vehicle_id: RecordId
    driver_id: MaybeRecordId = None
    unit: MaybeCode = Field(None, description="requesting unit; default the caller's")
    purpose: Text200 = Field(description="用车事由")
    destination: Text200 | None = None
    passengers: int = Field(1, ge=1, le=80)
    start: Moment
    end: Moment
    at: BusinessTime = None

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: datetime, info: ValidationInfo) -> datetime:
        start = info.data.get("start")
        if start is not None and end <= start:
            raise ValueError("结束时间须晚于开始时间 (end must be after start)")
        return end


class TripApprove(Action):
    driver_id: MaybeRecordId = Field(None, description="assign (or change) the driver on approval")


class TripReject(Action):
    reason: Text500


class TripReturn(Action):
    odometer_km: int = Field(ge=0, le=10_000_000, description="odometer reading on return (还车里程表读数)")


class TripRead(ReadModel):
    id: str
    vehicle_id: str
    driver_id: str | None
    unit: str
    purpose: str
    destination: str | None
    passengers: int
    start: OfficeTime
    end: OfficeTime
    status: TripStatus
    requested_by: str
    requested_at: OfficeTime
    decided_by: str | None
    decided_at: OfficeTime | None
    reason: str | None
    returned_at: OfficeTime | None
    odometer_start_km: int | None
    odometer_end_km: int | None
    mileage_km: int | None


class TripFilters(BaseModel):
    """The filters of `GET /trips` (query parameters)."""

    unit: MaybeCode = None
    status: TripStatus | None = None
    vehicle_id: MaybeRecordId = None
