"""Answers and query parameters of the inbox."""

from typing import Annotated, Any, Literal

from fastapi import Query
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from shared.bounds import absent_if_empty
from shared.text import PRINTABLE
from shared.types import OfficeTime

UnitParam = Annotated[
    str | None,
    Query(
        max_length=20,
        pattern=PRINTABLE,
        description="office staff: another unit's inbox; default the caller's",
    ),
    BeforeValidator(absent_if_empty),
]


class InboxItemRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    event_id: str
    event_type: str
    kind: Literal["user", "unit"] = Field(description="to the caller in person, or to their whole unit")
    unit: str | None = Field(description="the unit the event concerns")
    title: str
    record_id: str = Field(description="the id of the record the event is about")
    data: dict[str, Any]
    occurred_at: OfficeTime
    read_at: OfficeTime | None = Field(description="when the caller read it; null: unread")


class UnreadCounts(BaseModel):
    unread: int
    personal: int = Field(description="unread notifications to the caller in person")
    unit: int = Field(description="unread notifications to the caller's unit")


class InboxFilters(BaseModel):
    """The filters of `GET /inbox` (query parameters)."""

    unread: bool | None = None
    unit: UnitParam = None
