"""Routes of subscriptions (报刊征订)."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from services.logistics.models import Subscription
from services.logistics.subscriptions import service
from services.logistics.subscriptions.schemas import SubscriptionCreate, SubscriptionRead
from shared.app import Session
from shared.auth import CurrentCaller
from shared.command import Cmd
from shared.pagination import Cursor, Limit, Page, paginate

router = APIRouter(tags=["subscriptions"])


@router.post("/subscriptions", status_code=201, response_model=SubscriptionRead)
async def place_subscription(payload: SubscriptionCreate, cmd: Cmd) -> Any:
    """Places a subscription for a year: title, copies, price; the cost is computed."""
    return await cmd.answer(service.place(cmd, payload), SubscriptionRead)


@router.get("/subscriptions")
async def list_subscriptions(
    session: Session,
    caller: CurrentCaller,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    unit: str | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[SubscriptionRead]:
    """Subscriptions the caller may see."""
    query = service.list_subscriptions(caller, year=year, unit=unit)
    rows, next_cursor = await paginate(session, query, key=Subscription.id, limit=limit, cursor=cursor)
    return Page.of(rows, SubscriptionRead, next_cursor)


@router.get("/subscriptions/{subscription_id}")
async def get_subscription(subscription_id: str, session: Session, caller: CurrentCaller) -> SubscriptionRead:
    """One subscription."""
    return SubscriptionRead.model_validate(await service.get_subscription(session, caller, subscription_id))
