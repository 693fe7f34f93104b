"""Unit deliveries: republish what concerns a unit on `units.<code>.<service>.<entity>.<action>`.

The republished message is staged in this service's own outbox, in the transaction that
records the event as consumed, so a crash loses nothing and a redelivery stages nothing
new; the relay publishes it with `Nats-Msg-Id` = the original event id (for the event's
own unit; `<id>@<code>` for a further unit named in its data, since the stream drops a
second message with the same id), so a relay that publishes twice is absorbed by UNITS's
duplicate window. The payload is the original CloudEvents envelope, unchanged.

Each unit reads through its own durable pull consumer `unit_<CODE>` (filter
`units.<CODE>.>`), pre-created here: the NATS configuration (deploy/nats) lets a unit
call the consumer API on that consumer only, never create one.
"""

import asyncio
import re
from collections.abc import Coroutine
from typing import Any

from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy, RetentionPolicy, StorageType, StreamConfig
from nats.js.errors import NotFoundError
from sqlalchemy.ext.asyncio import AsyncSession

from services.notify.settings import NotifySettings
from services.notify.units.schemas import NatsSubscription
from shared.auth import Caller
from shared.bus import DUPLICATE_WINDOW_S, Bus
from shared.envelope import Envelope
from shared.errors import Forbidden
from shared.outbox import add_message
from shared.telemetry import log
from shared.units import UnitRegistry

SUBJECT_TOKEN = re.compile(r"^[A-Za-z0-9_-]+$")


def consumer_name(code: str) -> str:
    """The unit's durable consumer on UNITS (and its NATS user in deploy/nats)."""
    return f"unit_{code}"


def nats_subscription(
    caller: Caller, units: UnitRegistry, settings: NotifySettings, unit: str | None
) -> NatsSubscription:
    """Where a unit (the caller's, or one the office names) reads the events that concern it."""
    code = unit or caller.unit
    units.require(code, "unit")
    if not caller.may_act_for(code):
        raise Forbidden(f"不能查看其他单位的订阅 (cannot read the subscription of unit {code})")
    return NatsSubscription(
        unit=code,
        stream=settings.units_stream,
        subjects=f"{settings.units_subject_root}.{code}.>",
        consumer=consumer_name(code),
        inbox_prefix=f"_INBOX.{consumer_name(code)}",
    )


def subject_for(*, root: str, unit: str, envelope: Envelope) -> str:
    """`units.GO.docs.incoming.registered` for a docs event concerning GO."""
    _, service, entity, action = envelope.nats_subject.split(".", 3)
    return f"{root}.{unit}.{service}.{entity}.{action}"


def message_id(envelope: Envelope, unit: str) -> str:
    """The event id for the event's own unit; `<id>@<unit>` for a further unit."""
    return envelope.id if unit == envelope.unit else f"{envelope.id}@{unit}"


def deliverable(unit: str, units: UnitRegistry) -> bool:
    """A registry unit whose code is one subject token (anything else is logged and skipped)."""
    return unit in units and bool(SUBJECT_TOKEN.match(unit))


async def stage_republish(session: AsyncSession, *, root: str, unit: str, envelope: Envelope) -> None:
    """Stage the event for the unit's subjects in this service's outbox (published after commit)."""
    await add_message(
        session,
        subject=subject_for(root=root, unit=unit, envelope=envelope),
        message_id=message_id(envelope, unit),
        payload=envelope.model_dump_json(),
    )


async def provision(
    js: JetStreamContext, *, stream: str, root: str, units: list[str], max_age_s: float
) -> None:
    """Create the UNITS stream and one durable pull consumer per unit, unless they exist."""
    try:
        await js.stream_info(stream)
    except NotFoundError:
        await js.add_stream(
            StreamConfig(
                name=stream,
                subjects=[f"{root}.>"],
                storage=StorageType.FILE,
                retention=RetentionPolicy.LIMITS,
                duplicate_window=DUPLICATE_WINDOW_S,
                max_age=max_age_s,
            )
        )
    for code in units:
        try:
            await js.consumer_info(stream, consumer_name(code))
            continue
        except NotFoundError:
            pass
        await js.add_consumer(
            stream,
            ConsumerConfig(
                durable_name=consumer_name(code),
                filter_subject=f"{root}.{code}.>",
                deliver_policy=DeliverPolicy.ALL,
                ack_policy=AckPolicy.EXPLICIT,
                ack_wait=30.0,
                max_ack_pending=10_000,
            ),
        )


async def _cancellable(work: Coroutine[Any, Any, None], timeout_s: float = 30.0) -> None:
    """Run nats-py calls in a task of their own: on Python 3.11 a cancel that races one of
    its internal timeouts can be lost, and the service's shutdown would wait forever."""
    task = asyncio.create_task(work)
    try:
        await asyncio.wait({task}, timeout=timeout_s)
    except asyncio.CancelledError:
        task.cancel()
        raise
    if not task.done():
        task.cancel()
        raise TimeoutError(f"NATS did not answer within {timeout_s}s")
    task.result()


async def keep_provisioned(
    bus: Bus, *, stream: str, root: str, units: list[str], max_age_s: float, every_s: float
) -> None:
    """Provision now and again (a NATS that lost its store gets UNITS back); never raises."""
    delay = every_s
    while True:
        try:
            await bus.wait_connected()
            await _cancellable(provision(bus.js, stream=stream, root=root, units=units, max_age_s=max_age_s))
            delay = every_s
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.warning("UNITS provisioning failed, retrying", error=repr(exc))
            delay = 1.0
        await asyncio.sleep(delay)
