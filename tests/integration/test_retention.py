"""Retention: the job deletes what each table no longer needs and keeps the rest, and says
how many rows went on /metrics. Notify has every kind: the spine's tables (stored answers,
processed ids) and its own (read inbox items, delivered webhooks, sent mails)."""

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from services.notify.inbox.models import InboxItem, InboxRead
from services.notify.mail.models import MailMessage
from services.notify.webhooks.models import Webhook, WebhookDelivery
from shared.bus import ensure_stream
from shared.envelope import utcnow
from shared.spine import IdempotencyKey, ProcessedEvent
from tests.integration.test_operations_metrics import gauge
from tests.support import NatsServer, eventually, jetstream

FAST = {"retention_every_s": 0.2, "replay_horizon_days": 1.0}
TABLES = ["idempotency_keys", "processed_events", "inbox_items", "webhook_deliveries", "mail_messages"]
DAY = timedelta(days=1)


def ago(days: float) -> datetime:
    return utcnow() - days * DAY


def inbox_item(event_id: str, created_days_ago: float) -> InboxItem:
    when = ago(created_days_ago)
    return InboxItem(
        event_id=event_id,
        event_type="office.docs.incoming.assigned.v1",
        recipient_kind="user",
        recipient="alice",
        unit="GO",
        title="收文交办",
        record_id="doc-1",
        data={},
        occurred_at=when,
        created_at=when,
    )


def delivery(event_id: str, status: str, days_ago: float) -> WebhookDelivery:
    when = ago(days_ago)
    return WebhookDelivery(
        webhook_id=1,
        unit="GO",
        event_id=event_id,
        event_type="office.docs.incoming.assigned.v1",
        payload="{}",
        status=status,
        attempts=1,
        next_attempt_at=when,
        created_at=when,
        delivered_at=when if status == "delivered" else None,
        dead_at=when if status == "dead" else None,
    )


def mail(event_id: str, status: str, days_ago: float) -> MailMessage:
    when = ago(days_ago)
    return MailMessage(
        event_id=event_id,
        recipient_kind="user",
        recipient="alice",
        address="alice@example.org",
        subject="收文交办",
        body="…",
        status=status,
        attempts=1,
        next_attempt_at=when,
        created_at=when,
        sent_at=when if status == "sent" else None,
    )


def webhook() -> Webhook:
    return Webhook(
        id=1,
        unit="GO",
        url="https://example.org/hook",
        event_types=["office.>"],
        secret="s" * 32,
        description=None,
        active=True,
        created_by="root",
        created_at=ago(400),
    )


def rows() -> list[Any]:
    """For each table, rows whose time is up (named `gone…`) and rows still kept."""
    return [
        IdempotencyKey(
            caller="alice", key="gone", route="POST /x", status_code=201, body={}, created_at=ago(2)
        ),
        IdempotencyKey(
            caller="alice", key="kept", route="POST /x", status_code=201, body={}, created_at=ago(0.5)
        ),
        ProcessedEvent(consumer="notify", event_id="gone", processed_at=ago(4)),
        ProcessedEvent(consumer="notify", event_id="kept", processed_at=ago(2)),
        inbox_item("gone-read", 200),
        InboxRead(item_id=1, sub="alice", read_at=ago(190)),
        inbox_item("kept-unread", 300),
        inbox_item("kept-read-lately", 200),
        InboxRead(item_id=3, sub="alice", read_at=ago(10)),
        webhook(),
        delivery("gone-delivered", "delivered", 40),
        delivery("kept-delivered", "delivered", 10),
        delivery("kept-dead", "dead", 100),
        mail("gone-sent", "sent", 40),
        mail("kept-sent", "sent", 5),
        mail("kept-dead", "dead", 100),
    ]


async def remaining(stack: Any) -> dict[str, list[str]]:
    columns = {
        "idempotency_keys": IdempotencyKey.key,
        "processed_events": ProcessedEvent.event_id,
        "inbox_items": InboxItem.event_id,
        "webhook_deliveries": WebhookDelivery.event_id,
        "mail_messages": MailMessage.event_id,
    }
    async with stack.apps["notify"].state.factory() as session:
        found = {t: sorted((await session.scalars(select(c))).all()) for t, c in columns.items()}
        found["inbox_reads"] = [str(n) for n in (await session.scalars(select(InboxRead.item_id))).all()]
        assert await session.scalar(select(func.count()).select_from(Webhook)) == 1
    return found


async def deleted(stack: Any) -> dict[str, float]:
    text = (await stack.notify.get("/metrics")).text
    name = "office_retention_deleted_rows_total"
    return {t: gauge(text, name, service="notify", table=t) or 0.0 for t in TABLES}


async def connected(stack: Any) -> None:
    async def up() -> bool:
        return bool(stack.apps["notify"].state.bus.connected)

    await eventually(up)


async def counted(stack: Any, before: dict[str, float]) -> dict[str, float]:
    """Rows deleted per table since `before` (the registry is the test process's)."""
    after = await deleted(stack)
    return {t: after[t] - before[t] for t in TABLES}


async def stream_max_age(url: str, days: float) -> None:
    """As an operator would: `nats stream edit OFFICE --max-age 2d`."""
    async with jetstream(url) as js:
        await ensure_stream(js, "OFFICE", ["office.>"])  # as the service makes it, if not yet
        config = (await js.stream_info("OFFICE")).config
        config.max_age = days * 86400
        await js.update_stream(config)


async def stored(stack: Any) -> None:
    async with stack.apps["notify"].state.factory() as session:
        session.add_all(rows())
        await session.commit()


async def test_the_job_deletes_each_tables_expired_rows_keeps_the_rest_and_counts_them(
    start_stack: Any, nats_server: NatsServer
) -> None:
    async with start_stack("notify", **FAST) as stack:
        await connected(stack)
        await stream_max_age(nats_server.url, 2)  # an id goes after 1 + 2 days
        before = await deleted(stack)
        await stored(stack)

        kept = {
            "idempotency_keys": ["kept"],
            "processed_events": ["kept"],
            "inbox_items": ["kept-read-lately", "kept-unread"],
            "inbox_reads": ["3"],
            "webhook_deliveries": ["kept-dead", "kept-delivered"],
            "mail_messages": ["kept-dead", "kept-sent"],
        }

        async def applied() -> bool:
            return await remaining(stack) == kept and await counted(stack, before) == dict.fromkeys(TABLES, 1)

        try:
            await eventually(applied, within=20)
        finally:
            assert await remaining(stack) == kept
            assert await counted(stack, before) == dict.fromkeys(TABLES, 1)


async def test_processed_ids_stay_while_the_stream_may_hand_any_event_back(start_stack: Any) -> None:
    async with start_stack("notify", **FAST) as stack:  # the stream has no max age
        await connected(stack)
        await stored(stack)

        async def applied() -> bool:
            return (await remaining(stack))["idempotency_keys"] == ["kept"]

        await eventually(applied, within=20)
        assert (await remaining(stack))["processed_events"] == ["gone", "kept"]
