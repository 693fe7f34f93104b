"""Requests and answers of webhooks and their deliveries."""

import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    AnyHttpUrl,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    UrlConstraints,
)

from shared.bounds import MaybeCode, line
from shared.types import OfficeTime

DeliveryStatus = Literal["pending", "delivered", "dead", "cancelled"]
_TOKEN = re.compile(r"^(\*|>|[a-z0-9_-]+)$")


def _pattern(value: str) -> str:
    tokens = value.split(".")
    if not all(_TOKEN.match(t) for t in tokens) or ">" in tokens[:-1]:
        raise ValueError(
            "事件类型应如 office.docs.incoming.registered，可用 * 代替一段、末尾 > 代替其余 "
            "(an event type like office.docs.incoming.registered; * for one part, a final > for the rest)"
        )
    return value


EventPattern = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200, pattern=r"^[a-z0-9_*>.-]+$"),
    AfterValidator(_pattern),
]


class WebhookCreate(BaseModel):
    """A unit's webhook: where to POST which of the events that concern it."""

    model_config = ConfigDict(extra="forbid")

    url: Annotated[AnyHttpUrl, UrlConstraints(max_length=2000)] = Field(
        description="where events are POSTed: https, to a public address (or one the operator allows)"
    )
    event_types: list[EventPattern] = Field(
        min_length=1,
        max_length=50,
        description="e.g. office.docs.incoming.registered, office.docs.>, or > for every event",
    )
    unit: MaybeCode = Field(None, description="the unit; default the caller's")
    description: Annotated[str, line(200, min_length=0)] | None = None


class WebhookRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    unit: str
    url: str
    event_types: list[str]
    description: str | None
    active: bool
    created_by: str
    created_at: OfficeTime


class WebhookCreated(WebhookRead):
    secret: str = Field(description="signs every delivery (X-Office-Signature); shown only now")


class DeliveryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    webhook_id: int
    unit: str
    event_id: str
    event_type: str
    status: DeliveryStatus
    attempts: int
    next_attempt_at: OfficeTime
    last_status: int | None
    last_error: str | None
    created_at: OfficeTime
    delivered_at: OfficeTime | None
    dead_at: OfficeTime | None


class DeliveryFilters(BaseModel):
    """The filters of `GET /deliveries` (query parameters)."""

    status: DeliveryStatus | None = None
    webhook_id: int | None = Field(None, ge=1, le=2**63 - 1)
