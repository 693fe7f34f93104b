"""Answers and query parameters of the reminders."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from services.notify.inbox.schemas import UnitParam
from shared.types import OfficeTime

ReminderStatus = Literal["pending", "sent", "expired", "cancelled"]


class ReminderRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    record_kind: str = Field(description="incoming | supervision | decision | meeting")
    record_id: str
    kind: str = Field(description="before_3d, before_1h, overdue, ...")
    title: str = Field(description="what the reminder says (or will say)")
    due: str = Field(description="the due date, or the meeting's start, office-local")
    send_at: OfficeTime
    status: ReminderStatus = Field(description="expired: its due moment passed before it could go out")
    sent_at: OfficeTime | None
    units: list[str]
    users: list[str]


class ReminderFilters(BaseModel):
    """The filters of `GET /reminders` (query parameters)."""

    status: ReminderStatus | None = Field(None, description="default: all")
    unit: UnitParam = None
