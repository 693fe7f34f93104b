"""How a unit subscribes over NATS: its subjects, its durable consumer, its inbox prefix."""

from typing import Annotated

from fastapi import APIRouter, Query, Request

from services.notify.units import service
from services.notify.units.schemas import NatsSubscription
from shared.app import Registry
from shared.auth import CurrentCaller
from shared.text import PRINTABLE

router = APIRouter(tags=["unit subscriptions"])


@router.get("/subscriptions/nats")
async def nats_subscription(
    request: Request,
    caller: CurrentCaller,
    units: Registry,
    unit: Annotated[str | None, Query(max_length=20, pattern=PRINTABLE)] = None,
) -> NatsSubscription:
    """Where a unit reads the events that concern it over NATS."""
    return service.nats_subscription(caller, units, request.app.state.settings, unit)
