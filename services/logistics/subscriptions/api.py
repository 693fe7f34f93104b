"""Routes of subscriptions (报刊征订)."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from services.logistics.models import Subscription
from services.logistics.subscriptions import service
from services.logistics.subscriptions.schemas import SubscriptionCreate, SubscriptionRead
from services.logistics.web import commit_change
from shared.app import Registry, Session
from shared.auth import CurrentCaller
from shared.idempotency import IdempotencyHeader
from shared.pagination import Cursor, Limit, Page, paginate

router = APIRouter(tags=["subscriptions"])


@router.post("/subscriptions", status_code=201, response_model=SubscriptionRead)
async def place_subscription(
    payload: SubscriptionCreate,
    session: Session,
    caller: CurrentCaller,
    units: Registry,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Places a subscription for a year: title, copies, price; the cost is computed."""
    return await commit_change(
        session,
        caller,
        key=idempotency_key,
        route="POST /subscriptions",
        change=lambda: service.place(session=session, caller=caller, units=units, payload=payload),
        read=SubscriptionRead,
        status_code=201,
    )


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
    return Page(items=[SubscriptionRead.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.get("/subscriptions/{subscription_id}")
async def get_subscription(subscription_id: str, session: Session, caller: CurrentCaller) -> SubscriptionRead:
    """One subscription."""
    found = await service.get_subscription(session=session, caller=caller, subscription_id=subscription_id)
    return SubscriptionRead.model_validate(found)
