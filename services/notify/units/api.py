"""How a unit subscribes over NATS: its subjects, its durable consumer, its inbox prefix."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from services.notify.units.service import consumer_name
from shared.app import Registry
from shared.auth import CurrentCaller
from shared.errors import Forbidden

router = APIRouter(tags=["unit subscriptions"])


class NatsSubscription(BaseModel):
    unit: str
    stream: str
    subjects: str = Field(description="what the unit may subscribe to")
    consumer: str = Field(description="the unit's durable pull consumer on the stream (also its NATS user)")
    inbox_prefix: str = Field(
        description="connect with this inbox prefix: replies to others' inboxes are refused"
    )


@router.get("/subscriptions/nats")
async def nats_subscription(
    request: Request,
    caller: CurrentCaller,
    units: Registry,
    unit: Annotated[str | None, Query(max_length=20)] = None,
) -> NatsSubscription:
    """Where a unit reads the events that concern it over NATS."""
    code = unit or caller.unit
    units.require(code, "unit")
    if not caller.may_act_for(code):
        raise Forbidden(f"不能查看其他单位的订阅 (cannot read the subscription of unit {code})")
    settings = request.app.state.settings
    return NatsSubscription(
        unit=code,
        stream=settings.units_stream,
        subjects=f"{settings.units_subject_root}.{code}.>",
        consumer=consumer_name(code),
        inbox_prefix=f"_INBOX.{consumer_name(code)}",
    )
