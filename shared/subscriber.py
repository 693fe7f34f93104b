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
import json
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from faststream import AckPolicy
from faststream.message import StreamMessage
from faststream.nats import JStream, NatsBroker, PullSub
from faststream.nats.annotations import NatsMessage
from faststream.nats.subscriber.usecases.stream_pull_subscriber import BatchPullStreamSubscriber
from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.aio.subscription import Subscription as NatsSubscription
from nats.js import JetStreamContext
from nats.js.api import AckPolicy as JsAckPolicy
from nats.js.api import ConsumerConfig, DeliverPolicy
from nats.js.errors import APIError, NotFoundError
from pydantic import BaseModel

from shared.bus import Bus
from shared.envelope import Envelope
from shared.tasks import cancel_and_wait
from shared.telemetry import log

IDLE_S = 1.0  # a pull request waits this long for the first event of a quiet stream
NO_MESSAGES = "404"
REQUEST_TIMEOUT = "408"
ENDS_A_REQUEST = {NO_MESSAGES, REQUEST_TIMEOUT}  # 409 and others are errors: asked again
PENDING_LIMIT = 1_000_000  # the buffer holds what was asked for; never drop deliveries
CHECK_EVERY_S = 5.0
REST_S = 0.5

OnBatch = Callable[[list["Envelope | Malformed"], list[Msg]], Awaitable[None]]


class Malformed(BaseModel):
    """A message that is not a CloudEvents envelope: dead-lettered at once, never retried."""

    error: str


async def envelopes(message: StreamMessage[Any]) -> list[Envelope | Malformed]:
    """The batch's envelopes, decoded one by one, so that one malformed message holds up no other."""
    return [_envelope(raw.data) for raw in message.raw_message]


def _envelope(data: bytes) -> Envelope | Malformed:
    try:
        return Envelope.model_validate_json(data)
    except ValueError as exc:
        return Malformed(error=repr(exc))


class PromptBatchPuller(BatchPullStreamSubscriber):
    """FastStream's batch pull subscriber, with the office's own pull requests underneath.

    A documented exception behind FastStream's subscriber API (measured, README "Speed"):

    - `BatchPullStreamSubscriber` keeps fetching until the batch is full or `PullSub.timeout`
      has passed, so a lone registration waits the whole timeout (0.5–1 s measured with
      `timeout=1.0`), far beyond the 100 ms the statistics may lag;
    - nats-py's `fetch` waits for each message with `asyncio.wait_for`, a task per message
      (about 37 µs each here, more than the aggregate spends applying one).

    So this subscriber asks with the same pull requests (`$JS.API.CONSUMER.MSG.NEXT`) and lets
    the subscription's callback gather the deliveries (`Pulls`): what is there now (`no_wait`),
    else the first message of a lingering request, handed on at once as one batch to
    FastStream's parser and handler. While a full batch is handled, the next one is already
    asked for (a backlog's batch waited about 17 ms for its messages here, beside 40 ms of
    handling). Messages a request brings after that wait for the next round; any not taken
    before it stops are redelivered after the consumer's ack wait.
    """

    __slots__ = ()

    async def _create_subscription(self) -> None:
        if self.subscription:
            return
        config = self.config
        assert config.durable_name is not None
        await ensure_consumer(self.jetstream, self.stream.name, config)
        pulls = Pulls(self.connection, stream=self.stream.name, durable=config.durable_name)
        self.subscription = await pulls.open()  # type: ignore[assignment]  # unsubscribed on stop
        self.add_task(self._pull_batches, func_args=(pulls,))

    async def _pull_batches(self, pulls: "Pulls") -> None:
        while self.running:
            try:
                messages = await pulls.fetch(self.pull_sub.batch_size, within_s=IDLE_S)
            except Exception as exc:  # a 409 for a deleted consumer, the connection going away
                log.info("pull failed, asking again", subject=self.subject.broker_address, error=repr(exc))
                await asyncio.sleep(REST_S)
                continue
            if messages and self.running:
                await self.consume(messages)


class Pulls:
    """One durable consumer's deliveries, gathered by a subscription callback."""

    def __init__(self, nc: Client, *, stream: str, durable: str) -> None:
        self._nc = nc
        self._next_subject = f"$JS.API.CONSUMER.MSG.NEXT.{stream}.{durable}"
        self._inbox = nc.new_inbox()
        self._buffer: deque[Msg] = deque()
        self._error: APIError | None = None
        self._arrived = asyncio.Event()
        self._ended = asyncio.Event()
        self._awaited = 0  # messages the latest request may still bring
        self._asked_ahead = False  # the latest request was sent before the batch was handled

    async def open(self) -> NatsSubscription:
        return await self._nc.subscribe(
            self._inbox, cb=self._on_message, pending_msgs_limit=PENDING_LIMIT, pending_bytes_limit=-1
        )

    async def fetch(self, batch: int, *, within_s: float) -> list[Msg]:
        """Up to `batch` messages: what is buffered, else there now, else the first within `within_s`;
        after a full batch, the next is asked for at once, to come in while this one is handled."""
        self._raise_error()
        if self._asked_ahead:
            self._asked_ahead = False
            await _wait(self._ended, within_s)
        if not self._buffer:
            await self._request(batch, no_wait=True)
            await _wait(self._ended, within_s)
        if not self._buffer:
            await self._request(batch, expires_s=within_s)
            await _wait(self._arrived, within_s)
            await asyncio.sleep(0)  # let the read loop hand over what came in the same read
        self._raise_error()
        taken = [self._buffer.popleft() for _ in range(min(batch, len(self._buffer)))]
        if len(taken) == batch and not self._buffer:  # a backlog: more is likely there
            await self._request(batch, no_wait=True)
            self._asked_ahead = True
        return taken

    async def _request(self, batch: int, *, no_wait: bool = False, expires_s: float | None = None) -> None:
        self._arrived.clear()
        self._ended.clear()
        self._awaited = batch
        request: dict[str, object] = {"batch": batch}
        if no_wait:
            request["no_wait"] = True
        if expires_s is not None:
            request["expires"] = int(expires_s * 1e9)
        await self._nc.publish(self._next_subject, json.dumps(request).encode(), reply=self._inbox)

    async def _on_message(self, message: Msg) -> None:
        headers = message.headers or {}
        status = headers.get("Status")
        if status is None:
            self._buffer.append(message)
            self._arrived.set()
            self._awaited -= 1
            if self._awaited <= 0:  # a request served in full ends without a status
                self._ended.set()
            return
        if status not in ENDS_A_REQUEST and not status.startswith("1"):  # 100: heartbeat
            self._error = APIError(code=int(status), description=headers.get("Description"))
        self._ended.set()
        self._arrived.set()

    def _raise_error(self) -> None:
        error, self._error = self._error, None
        if error is not None:
            raise error


async def _wait(event: asyncio.Event, within_s: float) -> None:
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(within_s):
            await event.wait()


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
        await self._bind()
        while True:
            await asyncio.sleep(CHECK_EVERY_S)
            if self.bus.connected:
                try:
                    await ensure_consumer(self.bus.js, self.bus.stream, self.config)
                except Exception as exc:
                    log.warning("consumer check failed", consumer=self.config.durable_name, error=repr(exc))

    async def _bind(self) -> None:
        """Start the subscriber once the broker runs (it bound those declared before it started);
        a start that NATS cut short (gone while the consumer was made) is tried again."""
        while self.subscriber.subscription is None:
            await self.bus.wait_connected()
            try:
                await self.subscriber.start()
            except Exception as exc:
                log.warning(
                    "consumer start failed, retrying", consumer=self.config.durable_name, error=repr(exc)
                )
                with contextlib.suppress(Exception):
                    await self.subscriber.stop()
                await asyncio.sleep(REST_S)

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
    subscriber, config = declare_subscriber(bus.broker, bus.stream, spec, batch=batch, on_batch=on_batch)
    return Subscription(bus, subscriber, config)


def declare_subscriber(
    broker: NatsBroker, stream: str, spec: ConsumerSpecLike, *, batch: int, on_batch: OnBatch
) -> tuple[BatchPullStreamSubscriber, ConsumerConfig]:
    """The consumer's subscriber on a broker (`@broker.subscriber`), bound when the broker starts
    or by `Subscription`; an unconnected broker declared so documents it (`office asyncapi`)."""
    subject = spec.subjects[0]
    config = consumer_config(spec.durable, subject, spec.ack_wait_s)
    subscriber = broker.subscriber(
        subject,
        stream=JStream(stream, declare=False),
        durable=spec.durable,
        config=config,
        pull_sub=PullSub(batch_size=batch, timeout=IDLE_S, batch=True),
        ack_policy=AckPolicy.MANUAL,
        decoder=envelopes,
        persistent=False,
        title=f"{spec.durable}:{subject}",
    )
    subscriber.__class__ = PromptBatchPuller  # same slots: only how it pulls differs

    async def handle(events: list[Envelope | Malformed], message: NatsMessage) -> None:
        await on_batch(events, message.raw_message)  # type: ignore[arg-type]  # a batch's: list[Msg]

    subscriber(handle)
    return subscriber, config


async def ensure_consumer(js: JetStreamContext, stream: str, config: ConsumerConfig) -> None:
    """Create the durable pull consumer unless the server already has it."""
    assert config.durable_name is not None
    try:
        await js.consumer_info(stream, config.durable_name)
    except NotFoundError:
        log.info("consumer lost, making it again", consumer=config.durable_name)
        await js.add_consumer(stream, config)
