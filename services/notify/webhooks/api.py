"""Webhook routes: registration per unit, and the operator's view of deliveries (list, retry)."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from services.notify.webhooks import service
from services.notify.webhooks.models import Webhook, WebhookDelivery
from services.notify.webhooks.schemas import (
    DeliveryFilters,
    DeliveryRead,
    WebhookCreate,
    WebhookCreated,
    WebhookRead,
)
from services.notify.webhooks.targets import Egress
from shared.bounds import CodeQuery
from shared.command import Ask, Cmd
from shared.pagination import Page, Paging

router = APIRouter(tags=["webhooks"])


async def egress(request: Request) -> Egress:
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
    ask: Ask,
    paging: Paging,
    unit: CodeQuery = None,
) -> Page[WebhookRead]:
    """The webhooks the caller may see (a unit: its own)."""
    query = service.listed_webhooks(ask.caller, unit=unit)
    return await ask.page(query, key=Webhook.id, read=WebhookRead, paging=paging)


@router.get("/webhooks/{webhook_id}")
async def get_webhook(webhook_id: RowId, ask: Ask) -> WebhookRead:
    """One webhook, if the caller may see it."""
    return WebhookRead.model_validate(
        await service.get_webhook(session=ask.session, caller=ask.caller, webhook_id=webhook_id)
    )


@router.delete("/webhooks/{webhook_id}", status_code=204)
async def remove_webhook(webhook_id: RowId, cmd: Cmd) -> Response:
    """Stops a webhook; its pending deliveries are cancelled, its history kept."""
    await service.remove_webhook(cmd, webhook_id)
    await cmd.session.commit()
    return Response(status_code=204)


@router.get("/deliveries")
async def list_deliveries(
    ask: Ask, paging: Paging, filters: Annotated[DeliveryFilters, Query()]
) -> Page[DeliveryRead]:
    """Webhook deliveries the caller may see, e.g. `?status=dead` for the dead-letter list."""
    query = service.listed_deliveries(ask.caller, filters)
    return await ask.page(query, key=WebhookDelivery.id, read=DeliveryRead, paging=paging)


@router.post("/deliveries/{delivery_id}/retry", response_model=DeliveryRead)
async def retry_delivery(delivery_id: RowId, cmd: Cmd) -> Any:
    """Sends a dead delivery again now (with a fresh count of tries)."""
    return await cmd.answer(service.retry_delivery(cmd, delivery_id), DeliveryRead)
