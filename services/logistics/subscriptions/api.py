"""Routes of subscriptions (报刊征订)."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from services.logistics.models import Subscription
from services.logistics.subscriptions import service
from services.logistics.subscriptions.schemas import SubscriptionCreate, SubscriptionRead
from shared.app import Session
from shared.auth import CurrentCaller
from shared.command import Cmd
from shared.pagination import Page, Paging, page

router = APIRouter(tags=["subscriptions"])


@router.post("/subscriptions", status_code=201, response_model=SubscriptionRead)
async def place_subscription(payload: SubscriptionCreate, cmd: Cmd) -> Any:
    """Places a subscription for a year: title, copies, price; the cost is computed."""
    return await cmd.answer(service.place(cmd, payload), SubscriptionRead)


@router.get("/subscriptions")
async def list_subscriptions(
    session: Session,
    caller: CurrentCaller,
    paging: Paging,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    unit: str | None = None,
) -> Page[SubscriptionRead]:
    """Subscriptions the caller may see."""
    query = service.list_subscriptions(caller, year=year, unit=unit)
    return await page(session, query, key=Subscription.id, read=SubscriptionRead, paging=paging)


@router.get("/subscriptions/{subscription_id}")
async def get_subscription(subscription_id: str, session: Session, caller: CurrentCaller) -> SubscriptionRead:
    """One subscription."""
    return SubscriptionRead.model_validate(await service.get_subscription(session, caller, subscription_id))
