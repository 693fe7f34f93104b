"""How a unit subscribes over NATS: its subjects, its durable consumer, its inbox prefix."""

from fastapi import APIRouter, Request

from services.notify.units import service
from services.notify.units.schemas import NatsSubscription
from shared.app import Registry
from shared.auth import CurrentCaller
from shared.bounds import CodeQuery

router = APIRouter(tags=["unit subscriptions"])


@router.get("/subscriptions/nats")
async def nats_subscription(
    request: Request,
    caller: CurrentCaller,
    units: Registry,
    unit: CodeQuery = None,
) -> NatsSubscription:
    """Where a unit reads the events that concern it over NATS."""
    return service.nats_subscription(caller, units, request.app.state.settings, unit)
