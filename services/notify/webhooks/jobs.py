"""The delivery worker: claims due deliveries, POSTs them signed, and records what happened.

One loop per process (started with the service). Rows are claimed under a lease
(`FOR UPDATE SKIP LOCKED` on PostgreSQL, so replicas never send the same row at once);
a failure is tried again after a doubling delay, and after `webhook_max_attempts` the
delivery is dead: listed for an operator, with an `office.notify.delivery.dead_lettered`
event. At shutdown the batch in flight is finished and recorded before the loop stops,
so a restart sends nothing twice; only a crash between a receiver's 2xx and the record
can repeat one, which is why every request carries `X-Office-Delivery` and the event id.
Before each try the URL is checked again (targets.py) and the request goes to the address
that check resolved; a redirect is an answer like any other non-2xx (never followed).
"""

import asyncio
import ssl
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import httpx
from fastapi import FastAPI
from sqlalchemy import and_, or_, select

from services.notify.settings import NotifySettings
from services.notify.webhooks.models import Webhook, WebhookDelivery
from services.notify.webhooks.signing import SIGNATURE_HEADER, sign
from services.notify.webhooks.targets import Egress, Refused
from shared.contracts.base import envelope_for
from shared.contracts.notify import DeliveryDeadLettered
from shared.db import SessionFactory, transaction
from shared.envelope import Envelope, utcnow
from shared.event_data import read_off
from shared.jobs import doubling_backoff_s, run_rounds
from shared.outbox import add_event
from shared.telemetry import log


@dataclass(frozen=True)
class Claimed:
    id: int
    url: str
    secret: str
    event_id: str
    event_type: str
    payload: str


@dataclass(frozen=True)
class Outcome:
    id: int
    ok: bool
    status: int | None
    error: str | None


class DeliveryWorker:
    def __init__(
        self, *, factory: SessionFactory, settings: NotifySettings, client: httpx.AsyncClient, egress: Egress
    ) -> None:
        self.factory = factory
        self.settings = settings
        self.client = client
        self.egress = egress

    async def run(self) -> None:
        """Deliver until cancelled; a cancellation lets the batch in flight finish first."""
        s = self.settings
        await run_rounds(
            self.deliver_due,
            job="webhook deliveries",
            rest_s=s.webhook_poll_s,
            batch=s.webhook_batch,
            finish_s=s.webhook_timeout_s + 5,
        )

    def backoff_s(self, attempts: int) -> float:
        s = self.settings
        return doubling_backoff_s(attempts, first_s=s.webhook_backoff_s, max_s=s.webhook_backoff_max_s)

    async def deliver_due(self) -> int:
        """Claim, send and record one batch; answers how many were sent."""
        claimed = await self.claim()
        if not claimed:
            return 0
        outcomes = await asyncio.gather(*(self.send(c) for c in claimed))
        await self.record(list(outcomes))
        return len(claimed)

    async def claim(self) -> list[Claimed]:
        now = utcnow()
        async with transaction(self.factory) as session:
            query = (
                select(WebhookDelivery, Webhook)
                .join(Webhook, Webhook.id == WebhookDelivery.webhook_id)
                .where(
                    and_(
                        WebhookDelivery.status == "pending",
                        WebhookDelivery.next_attempt_at <= now,
                        or_(WebhookDelivery.claimed_until.is_(None), WebhookDelivery.claimed_until < now),
                        Webhook.active.is_(True),
                    )
                )
                .order_by(WebhookDelivery.id)
                .limit(self.settings.webhook_batch)
                .with_for_update(skip_locked=True, of=WebhookDelivery)
            )
            claimed = []
            for delivery, hook in await session.execute(query):
                delivery.claimed_until = now + timedelta(seconds=self.settings.webhook_lease_s)
                delivery.attempts += 1
                claimed.append(
                    Claimed(
                        delivery.id,
                        hook.url,
                        hook.secret,
                        delivery.event_id,
                        delivery.event_type,
                        delivery.payload,
                    )
                )
        return claimed

    async def send(self, claimed: Claimed) -> Outcome:
        """POST one delivery to the address checked just now; the outcome names only what failed."""
        try:
            target = await self.egress.check(claimed.url)
        except Refused as exc:
            return Outcome(claimed.id, False, None, exc.outcome)
        body = claimed.payload.encode()
        headers = {
            "Host": target.host_header,
            "Connection": "close",  # a connection is to one checked address for one host: never reused
            "Content-Type": "application/cloudevents+json",
            SIGNATURE_HEADER: sign(claimed.secret, body, int(time.time())),
            "X-Office-Delivery": str(claimed.id),
            "X-Office-Event-Id": claimed.event_id,
            "X-Office-Event-Type": claimed.event_type,
        }
        request = self.client.build_request(
            "POST", target.url, content=body, headers=headers, extensions=target.extensions
        )
        try:
            answer = await self.client.send(request, stream=True)  # the body is never read
            await answer.aclose()
        except httpx.HTTPError as exc:
            return Outcome(claimed.id, False, None, _failure(exc))
        if 200 <= answer.status_code < 300:
            return Outcome(claimed.id, True, answer.status_code, None)
        return Outcome(claimed.id, False, answer.status_code, f"HTTP {answer.status_code}")

    async def record(self, outcomes: list[Outcome]) -> None:
        now = utcnow()
        async with transaction(self.factory) as session:
            for outcome in outcomes:
                delivery = await session.get(WebhookDelivery, outcome.id)
                if delivery is None or delivery.status != "pending":
                    continue  # cancelled meanwhile
                delivery.claimed_until = None
                delivery.last_status = outcome.status
                if outcome.ok:
                    delivery.status, delivery.delivered_at, delivery.last_error = "delivered", now, None
                    continue
                delivery.last_error = outcome.error
                if delivery.attempts >= self.settings.webhook_max_attempts:
                    delivery.status, delivery.dead_at = "dead", now
                    hook = await session.get(Webhook, delivery.webhook_id)
                    await add_event(session, _dead_lettered(delivery, url=hook.url if hook else ""))
                    log.warning("webhook delivery dead", delivery=delivery.id, attempts=delivery.attempts)
                else:
                    delivery.next_attempt_at = now + timedelta(seconds=self.backoff_s(delivery.attempts))


def _failure(exc: httpx.HTTPError) -> str:
    """What failed, for the unit's list of deliveries (never what the receiver said)."""
    if isinstance(exc, httpx.TimeoutException):
        return "timed out"
    if isinstance(exc, httpx.ConnectError):
        return "connect failed"
    return "request failed"


def _dead_lettered(delivery: WebhookDelivery, *, url: str) -> Envelope:
    data = read_off(DeliveryDeadLettered, delivery, url=url, undelivered_type=delivery.event_type)
    return envelope_for(data, subject=str(delivery.id), unit=delivery.unit, actor="notify")


async def deliver_webhooks(app: FastAPI) -> None:
    """The background job: one worker with its own HTTP client, until shutdown."""
    settings: NotifySettings = app.state.settings
    async with webhook_client(settings) as client:
        worker = DeliveryWorker(
            factory=app.state.factory, settings=settings, client=client, egress=Egress.of(settings)
        )
        await worker.run()


def webhook_client(settings: NotifySettings) -> httpx.AsyncClient:
    """No redirects and no proxies from the environment (each request says `Connection: close`:
    it goes to the address checked for that delivery, with its own host's TLS check)."""
    return httpx.AsyncClient(
        verify=_trusted(settings.webhook_ca_file),
        timeout=httpx.Timeout(settings.webhook_timeout_s),
        follow_redirects=False,
        trust_env=False,
    )


def _trusted(ca_file: Path | None) -> ssl.SSLContext | bool:
    """The public CAs (httpx's), or the system's together with the intranet's CA file."""
    if ca_file is None:
        return True
    context = ssl.create_default_context()
    context.load_verify_locations(cafile=ca_file)
    return context
