"""Requests and answers of calendar subscriptions (订阅地址)."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.bounds import Code
from shared.types import OfficeTime

FeedKind = Literal["unit", "room"]


class SubscriptionCreate(BaseModel):
    """Which calendar to subscribe to: a unit's (`code` its registry code) or a room's."""

    model_config = ConfigDict(extra="forbid")

    feed: FeedKind
    code: Code


class SubscriptionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    feed: FeedKind
    code: str
    created_at: OfficeTime
    revoked_at: OfficeTime | None


class SubscriptionCreated(SubscriptionRead):
    url: str = Field(description="the secret address for a calendar application; shown only now")
