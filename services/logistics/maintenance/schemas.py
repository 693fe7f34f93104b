"""Requests and answers of maintenance tickets (报修)."""

from typing import Literal

from pydantic import BaseModel, Field

from services.logistics.schemas import Action, BusinessTime
from shared.bounds import MaybeCode, Text50, Text200, Text2000
from shared.contracts.logistics import TicketCategory
from shared.schemas import ReadModel, RequestModel
from shared.types import OfficeTime

TicketStatus = Literal["open", "in_progress", "resolved", "cancelled"]


class TicketCreate(RequestModel):
    unit: MaybeCode = Field(None, description="reporting unit; default the caller's")
    category: TicketCategory = Field(description="water 水, power 电, doors_windows 门窗, drains 下水, other")
    location: Text200 = Field(description="报修地点")
    description: Text2000
    at: BusinessTime = None


class TicketStart(Action):
    assignee: Text50 = Field(description="维修人员")


class TicketResolve(Action):
    resolution: Text2000 = Field(description="处理结果")


class TicketRead(ReadModel):
    id: str
    unit: str
    category: TicketCategory
    location: str
    description: str
    status: TicketStatus
    opened_by: str
    opened_at: OfficeTime
    assignee: str | None
    started_at: OfficeTime | None
    resolution: str | None
    resolved_at: OfficeTime | None
    resolve_minutes: int | None
    cancelled_at: OfficeTime | None


class TicketFilters(BaseModel):
    """The filters of `GET /maintenance/tickets` (query parameters)."""

    unit: MaybeCode = None
    status: TicketStatus | None = None
    category: TicketCategory | None = None
