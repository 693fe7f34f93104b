"""The rules of webhooks: registration per unit, which events go where, and the operator's retry."""

import secrets

from sqlalchemy import Select, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.notify.webhooks.models import Webhook, WebhookDelivery
from services.notify.webhooks.schemas import DeliveryFilters, WebhookCreate
from services.notify.webhooks.targets import Egress, Refused
from shared.auth import Caller
from shared.command import Command
from shared.envelope import Envelope, utcnow
from shared.errors import Conflict, Forbidden, Invalid
from shared.query import narrowed, of_own_unit, one_visible

REGISTRAR_ROLES = ("liaison", "unit", "staff", "admin")


async def register_webhook(cmd: Command, egress: Egress, payload: WebhookCreate) -> Webhook:
    """Registers a webhook for a unit, with a new signing secret; its URL must lead where webhooks may go."""
    cmd.caller.require(*REGISTRAR_ROLES)
    unit = cmd.acting_unit(
        payload.unit, "不能为其他单位登记 Webhook (cannot register a webhook for unit {unit})"
    )
    try:
        await egress.check(str(payload.url))
    except Refused as exc:
        raise Invalid("url", exc.detail) from exc
    webhook = Webhook(
        unit=unit,
        url=str(payload.url),
        event_types=list(dict.fromkeys(payload.event_types)),
        secret=secrets.token_urlsafe(32),
        description=payload.description,
        active=True,
        created_by=cmd.caller.sub,
        created_at=cmd.now,
    )
    cmd.session.add(webhook)
    await cmd.session.flush()
    return webhook


def visible_webhooks(caller: Caller) -> Select[Webhook]:
    """Webhooks the caller may see: office staff and auditors all, a unit its own."""
    return of_own_unit(caller, select(Webhook), Webhook.unit)


def listed_webhooks(caller: Caller, *, unit: str | None) -> Select[Webhook]:
    """The list's webhooks: those the caller may see, of one unit if named."""
    return narrowed(visible_webhooks(caller), (Webhook.unit, unit))


async def get_webhook(*, session: AsyncSession, caller: Caller, webhook_id: int) -> Webhook:
    """A webhook the caller may see, or 404 (never telling that another unit's exists)."""
    query = visible_webhooks(caller).where(Webhook.id == webhook_id)
    return await one_visible(session, query, "Webhook", webhook_id)


async def remove_webhook(cmd: Command, webhook_id: int) -> None:
    """Stops a webhook: nothing more is sent; its pending deliveries are cancelled, history kept."""
    webhook = await get_webhook(session=cmd.session, caller=cmd.caller, webhook_id=webhook_id)
    if not cmd.caller.may_act_for(webhook.unit) or not cmd.caller.has(*REGISTRAR_ROLES):
        raise Forbidden(f"不能停用其他单位的 Webhook (cannot remove a webhook of unit {webhook.unit})")
    webhook.active = False
    await cmd.session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.webhook_id == webhook.id, WebhookDelivery.status == "pending")
        .values(status="cancelled", claimed_until=None)
    )


def matches(pattern: str, event_type: str) -> bool:
    """NATS-style: `*` matches one part, a final `>` the rest; with or without the `.vN` suffix."""
    subject = event_type.rsplit(".", 1)[0]
    return _match(pattern.split("."), event_type.split(".")) or _match(pattern.split("."), subject.split("."))


def _match(pattern: list[str], parts: list[str]) -> bool:
    for i, token in enumerate(pattern):
        if token == ">":
            return len(parts) > i
        if i >= len(parts) or (token != "*" and token != parts[i]):
            return False
    return len(parts) == len(pattern)


async def enqueue(session: AsyncSession, *, envelope: Envelope, units: tuple[str, ...]) -> int:
    """Stages a delivery for every active webhook of the units concerned that wants this type."""
    if not units:
        return 0
    hooks = await session.scalars(select(Webhook).where(Webhook.unit.in_(units), Webhook.active.is_(True)))
    now = utcnow()
    staged = 0
    payload = envelope.model_dump_json()
    for hook in hooks:
        if any(matches(p, envelope.type) for p in hook.event_types):
            session.add(
                WebhookDelivery(
                    webhook_id=hook.id,
                    unit=hook.unit,
                    event_id=envelope.id,
                    event_type=envelope.type,
                    payload=payload,
                    status="pending",
                    attempts=0,
                    next_attempt_at=now,
                    created_at=now,
                )
            )
            staged += 1
    return staged


def visible_deliveries(caller: Caller) -> Select[WebhookDelivery]:
    """Deliveries the caller may see: office staff and auditors all, a unit its own."""
    return of_own_unit(caller, select(WebhookDelivery), WebhookDelivery.unit)


def listed_deliveries(caller: Caller, filters: DeliveryFilters) -> Select[WebhookDelivery]:
    """The list's deliveries: those the caller may see, in one status or of one webhook if named."""
    named = (WebhookDelivery.status, filters.status), (WebhookDelivery.webhook_id, filters.webhook_id)
    return narrowed(visible_deliveries(caller), *named)


async def retry_delivery(cmd: Command, delivery_id: int) -> WebhookDelivery:
    """Sends a dead delivery again at once, with a fresh count of tries."""
    query = visible_deliveries(cmd.caller).where(WebhookDelivery.id == delivery_id)
    delivery = await one_visible(cmd.session, query, "投递", delivery_id)
    if not cmd.caller.may_act_for(delivery.unit) or not cmd.caller.has(*REGISTRAR_ROLES):
        raise Forbidden("需要本单位联络员或办公室管理员 (requires the unit's liaison or office staff)")
    if delivery.status != "dead":
        raise Conflict(
            f"只能重试死信投递，此投递状态为 {delivery.status} (only a dead delivery can be retried)"
        )
    webhook = await cmd.session.get(Webhook, delivery.webhook_id)
    if webhook is None or not webhook.active:
        raise Conflict("Webhook 已停用，无法重试 (the webhook was removed)")
    delivery.status = "pending"
    delivery.attempts = 0
    delivery.next_attempt_at = cmd.now
    delivery.claimed_until = None
    delivery.dead_at = None
    return delivery
