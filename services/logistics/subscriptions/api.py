"""Routes of subscriptions (报刊征订)."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from services.logistics.models import Subscription
from services.logistics.subscriptions import service
from services.logistics.subscriptions.schemas import (
    SubscriptionCreate,
    SubscriptionFilters,
    SubscriptionRead,
)
from shared.bounds import IdPath
from shared.command import Ask, Cmd
from shared.pagination import Page, Paging

router = APIRouter(tags=["subscriptions"])


@router.post("/subscriptions", status_code=201, response_model=SubscriptionRead)
async def place_subscription(payload: SubscriptionCreate, cmd: Cmd) -> Any:
    """Places a subscription for a year: title, copies, price; the cost is computed."""
    return await cmd.answer(service.place(cmd, payload), SubscriptionRead)


@router.get("/subscriptions")
async def list_subscriptions(
    ask: Ask, paging: Paging, filters: Annotated[SubscriptionFilters, Query()]
) -> Page[SubscriptionRead]:
    """Subscriptions the caller may see."""
    query = service.list_subscriptions(ask.caller, filters)
    return await ask.page(query, key=Subscription.id, read=SubscriptionRead, paging=paging)


@router.get("/subscriptions/{subscription_id}")
async def get_subscription(subscription_id: IdPath, ask: Ask) -> SubscriptionRead:
    """One subscription."""
    subscription = await service.get_subscription(ask.session, ask.caller, subscription_id)
    return SubscriptionRead.model_validate(subscription)
