"""Consumers as FastStream subscribers: JetStream, durable, pull, in batches, acknowledged by hand.

`subscribe` declares a consumer on the service's broker (`@broker.subscriber` with
`PullSub(batch=True)` and `AckPolicy.MANUAL`); its handler takes the typed envelopes and the
batch's messages, which `shared.consumer` acknowledges after its commit. Around it, what
FastStream does not do: the durable consumer is made again when the server lost it (deleted
by hand, a store wiped), checked every few seconds, since a pull request to a consumer the
server lost is never answered.
"""

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Protocol

from faststream import AckPolicy
from faststream.nats import JStream, PullSub
from faststream.nats.annotations import NatsMessage
from faststream.nats.subscriber.usecases.stream_pull_subscriber import BatchPullStreamSubscriber
from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.api import AckPolicy as JsAckPolicy
from nats.js.api import ConsumerConfig, DeliverPolicy
from nats.js.errors import NotFoundError

from shared.bus import Bus
from shared.envelope import Envelope
from shared.tasks import cancel_and_wait
from shared.telemetry import log

IDLE_S = 1.0  # a pull request waits this long for the first event of a quiet stream
TAIL_S = 0.005  # then this long at most for the rest of what is there (later ones wait their turn)
CHECK_EVERY_S = 5.0
REST_S = 0.5

OnBatch = Callable[[list[Envelope], list[Msg]], Awaitable[None]]


class PromptBatchPuller(BatchPullStreamSubscriber):
    """FastStream's batch pull subscriber, answering a batch as soon as its first event is there.

    A documented exception behind FastStream's subscriber API: `BatchPullStreamSubscriber`
    keeps fetching until the batch is full or `PullSub.timeout` has passed, so a lone
    registration would wait the whole timeout (0.5–1 s measured with `timeout=1.0`), far
    beyond the 100 ms the statistics may lag. This loop asks nats-py for the first event
    (waiting up to `IDLE_S`), then for what else is there (up to `TAIL_S`), and hands the
    batch on; messages a request brings later wait in the subscription for the next round.
    """

    __slots__ = ()

    async def _consume_pull(self) -> None:
        while self.running:
            try:
                messages = await self._next_batch()
            except TimeoutError:
                continue
            except Exception as exc:  # a 409 for a deleted consumer, the connection going away
                log.info("pull failed, asking again", subject=self.subject.broker_address, error=repr(exc))
                await asyncio.sleep(REST_S)
                continue
            if messages and self.running:
                await self.consume(messages)

    async def _next_batch(self) -> list[Msg]:
        assert self.subscription is not None
        messages = await self.subscription.fetch(batch=1, timeout=IDLE_S)
        wanted = self.pull_sub.batch_size - len(messages)
        if wanted > 0:
            with contextlib.suppress(TimeoutError):
                messages += await self.subscription.fetch(batch=wanted, timeout=TAIL_S)
        return messages


def consumer_config(durable: str, subject: str, ack_wait_s: float) -> ConsumerConfig:
    """A durable pull consumer from the start of the stream, acknowledged explicitly."""
    return ConsumerConfig(
        durable_name=durable,
        deliver_policy=DeliverPolicy.ALL,
        ack_policy=JsAckPolicy.EXPLICIT,
        ack_wait=ack_wait_s,
        max_deliver=-1,
        max_ack_pending=10_000,
        filter_subject=subject,
    )


class Subscription:
    """One consumer's subscriber on the broker, bound while the service runs."""

    def __init__(self, bus: Bus, subscriber: BatchPullStreamSubscriber, config: ConsumerConfig) -> None:
        self.bus = bus
        self.subscriber = subscriber
        self.config = config
        self._task = asyncio.create_task(self._keep_bound(), name=f"consumer-{config.durable_name}")

    async def _keep_bound(self) -> None:
        await self.bus.wait_connected()  # the broker has started: it bound those declared before
        if not self.subscriber.running:
            await self.subscriber.start()
        while True:
            await asyncio.sleep(CHECK_EVERY_S)
            if self.bus.connected:
                try:
                    await ensure_consumer(self.bus.js, self.bus.stream, self.config)
                except Exception as exc:
                    log.warning("consumer check failed", consumer=self.config.durable_name, error=repr(exc))

    async def close(self) -> None:
        await cancel_and_wait(self._task)
        with contextlib.suppress(Exception):
            await self.subscriber.stop()
        self.bus.broker._subscribers.discard(self.subscriber)


class ConsumerSpecLike(Protocol):
    """What `subscribe` reads of a `shared.consumer.ConsumerSpec`."""

    durable: str
    subjects: list[str]
    ack_wait_s: float


def subscribe(bus: Bus, spec: ConsumerSpecLike, *, batch: int, on_batch: OnBatch) -> Subscription:
    """Declare the consumer as a subscriber on the service's broker; its handler calls `on_batch`."""
    subject = spec.subjects[0]
    config = consumer_config(spec.durable, subject, spec.ack_wait_s)
    subscriber = bus.broker.subscriber(
        subject,
        stream=JStream(bus.stream, declare=False),
        durable=spec.durable,
        config=config,
        pull_sub=PullSub(batch_size=batch, timeout=IDLE_S, batch=True),
        ack_policy=AckPolicy.MANUAL,
        persistent=False,
        title=f"{spec.durable}:{subject}",
    )
    subscriber.__class__ = PromptBatchPuller  # same slots: only `_consume_pull` differs

    async def handle(events: list[Envelope], message: NatsMessage) -> None:
        await on_batch(events, message.raw_message)  # type: ignore[arg-type]  # a batch's: list[Msg]

    subscriber(handle)
    return Subscription(bus, subscriber, config)


async def ensure_consumer(js: JetStreamContext, stream: str, config: ConsumerConfig) -> None:
    """Create the durable pull consumer unless the server already has it."""
    assert config.durable_name is not None
    try:
        await js.consumer_info(stream, config.durable_name)
    except NotFoundError:
        log.info("consumer lost, making it again", consumer=config.durable_name)
        await js.add_consumer(stream, config)
