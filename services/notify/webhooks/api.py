"""Webhook routes: registration per unit, and the operator's view of deliveries (list, retry)."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from services.notify.webhooks import service
from services.notify.webhooks.models import Webhook, WebhookDelivery
from services.notify.webhooks.schemas import (
    DeliveryRead,
    DeliveryStatus,
    WebhookCreate,
    WebhookCreated,
    WebhookRead,
)
from services.notify.webhooks.targets import Egress
from shared.app import Session
from shared.auth import CurrentCaller
from shared.command import Cmd
from shared.pagination import Page, Paging, page

router = APIRouter(tags=["webhooks"])


def egress(request: Request) -> Egress:
    """Where webhooks may go, by the service's settings."""
    return Egress.of(request.app.state.settings)


RowId = Annotated[int, Path(ge=1, le=2**63 - 1)]


@router.post("/webhooks", status_code=201, response_model=WebhookCreated)
async def register_webhook(
    payload: WebhookCreate, cmd: Cmd, rules: Annotated[Egress, Depends(egress)]
) -> Any:
    """Registers a unit's webhook; the answer carries the signing secret, shown only this once.

    The URL is https and its host resolves to public addresses only (or to those the
    operator allows with `NOTIFY_WEBHOOK_ALLOW_HOSTS`), else 422.
    """
    return await cmd.answer(service.register_webhook(cmd, rules, payload), WebhookCreated)


@router.get("/webhooks")
async def list_webhooks(
    session: Session,
    caller: CurrentCaller,
    paging: Paging,
    unit: Annotated[str | None, Query(max_length=20)] = None,
) -> Page[WebhookRead]:
    """The webhooks the caller may see (a unit: its own)."""
    query = service.listed_webhooks(caller, unit=unit)
    return await page(session, query, key=Webhook.id, read=WebhookRead, paging=paging)


@router.get("/webhooks/{webhook_id}")
async def get_webhook(webhook_id: RowId, session: Session, caller: CurrentCaller) -> WebhookRead:
    """One webhook, if the caller may see it."""
    return WebhookRead.model_validate(
        await service.get_webhook(session=session, caller=caller, webhook_id=webhook_id)
    )


@router.delete("/webhooks/{webhook_id}", status_code=204)
async def remove_webhook(webhook_id: RowId, cmd: Cmd) -> Response:
    """Stops a webhook; its pending deliveries are cancelled, its history kept."""
    await service.remove_webhook(cmd, webhook_id)
    await cmd.session.commit()
    return Response(status_code=204)


@router.get("/deliveries")
async def list_deliveries(
    session: Session,
    caller: CurrentCaller,
    paging: Paging,
    status: DeliveryStatus | None = None,
    webhook_id: Annotated[int | None, Query(ge=1, le=2**63 - 1)] = None,
) -> Page[DeliveryRead]:
    """Webhook deliveries the caller may see, e.g. `?status=dead` for the dead-letter list."""
    query = service.listed_deliveries(caller, status=status, webhook_id=webhook_id)
    return await page(session, query, key=WebhookDelivery.id, read=DeliveryRead, paging=paging)


@router.post("/deliveries/{delivery_id}/retry", response_model=DeliveryRead)
async def retry_delivery(delivery_id: RowId, cmd: Cmd) -> Any:
    """Sends a dead delivery again now (with a fresh count of tries)."""
    return await cmd.answer(service.retry_delivery(cmd, delivery_id), DeliveryRead)
