"""The NATS side of one service: its FastStream `NatsBroker`, started in the background.

A service starts and answers `/healthz` while NATS is down: the broker is started (connected,
its subscribers bound) by a task retrying with backoff (`stamina`), and nats-py reconnects it
forever after that. The broker's publishing, pulling and acknowledging are FastStream's; this
module adds what the office needs around them: the JetStream stream the service publishes to
(made again when a restarted server lost it) and a readiness flag.
"""

import asyncio
import contextlib

import stamina
from faststream.nats import NatsBroker
from faststream.nats.prometheus import NatsPrometheusMiddleware
from nats.aio.client import Client
from nats.js import JetStreamContext
from nats.js.api import RetentionPolicy, StorageType, StreamConfig
from nats.js.errors import NotFoundError
from prometheus_client import REGISTRY

from shared.tasks import cancel_and_wait
from shared.telemetry import log

DUPLICATE_WINDOW_S = 600.0
CLOSE_TIMEOUT_S = 5
PUBLISH_TIMEOUT_S = 2.0


class Bus:
    """One broker shared by a service's relay, subscribers and readiness probe."""

    def __init__(self, *, url: str, name: str, stream: str, subjects: list[str]) -> None:
        self.url = url
        self.name = name
        self.stream = stream
        self.subjects = subjects
        self.broker = NatsBroker(
            url,
            name=name,
            max_reconnect_attempts=-1,
            reconnect_time_wait=1,
            connect_timeout=2,
            drain_timeout=CLOSE_TIMEOUT_S,
            reconnected_cb=self._on_reconnected,
            disconnected_cb=self._on_disconnected,
            error_cb=self._on_error,
            # per-subject counts and timings of what is published and received (`/metrics`)
            middlewares=[NatsPrometheusMiddleware(registry=REGISTRY, app_name=name)],
            log_level=10,  # FastStream's per-message INFO lines, as DEBUG
        )
        self._up = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._streams: dict[str, str] = {}

    @property
    def nc(self) -> Client | None:
        with contextlib.suppress(Exception):
            return self.broker.connection
        return None

    @property
    def connected(self) -> bool:
        return self.nc is not None and self.nc.is_connected

    @property
    def js(self) -> JetStreamContext:
        if self.nc is None:
            raise ConnectionError("NATS is not connected yet")
        js: JetStreamContext = self.broker.config.connection_state.stream
        return js

    def start(self) -> None:
        self._task = asyncio.create_task(self._start_until_done(), name=f"{self.name}-nats")

    async def wait_connected(self) -> None:
        await self._up.wait()

    @stamina.retry(on=Exception, attempts=None, timeout=None, wait_initial=0.1, wait_max=5.0, wait_jitter=0.1)
    async def _start_until_done(self) -> None:
        try:
            await self.broker.connect()
            await ensure_stream(self.js, self.stream, self.subjects)
            await self.broker.start()
        except Exception as exc:  # the server may simply not be up yet
            log.warning("nats start failed, retrying", error=repr(exc))
            raise
        self._up.set()
        log.info("nats connected", url=self.url)

    async def publish(self, subject: str, payload: bytes, headers: dict[str, str]) -> None:
        """Publish to JetStream through the broker, waiting for the stream's acknowledgement; the
        correlation id (FastStream's, which links a batch's spans) is the event id."""
        await self.broker.publish(
            payload,
            subject,
            headers=headers,
            correlation_id=headers["Nats-Msg-Id"],
            stream=await self._stream_of(subject),
            timeout=PUBLISH_TIMEOUT_S,
        )

    async def _stream_of(self, subject: str) -> str:
        """The stream holding a subject (OFFICE for `office.…`, UNITS for notify's `units.…`)."""
        root = subject.split(".", 1)[0]
        if root not in self._streams:
            self._streams[root] = await self.js.find_stream_name_by_subject(subject)
        return self._streams[root]

    async def _on_reconnected(self) -> None:
        log.info("nats reconnected")
        self._up.set()
        with contextlib.suppress(Exception):
            await ensure_stream(self.js, self.stream, self.subjects)

    async def _on_disconnected(self) -> None:
        log.warning("nats disconnected")
        self._up.clear()

    async def _on_error(self, exc: Exception) -> None:
        log.debug("nats error", error=repr(exc))

    async def close(self) -> None:
        await cancel_and_wait(self._task)
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.broker.stop(), CLOSE_TIMEOUT_S + 1)


async def ensure_stream(js: JetStreamContext, name: str, subjects: list[str]) -> None:
    """Create the stream (file storage, a duplicate window) or leave an existing one be."""
    config = StreamConfig(
        name=name,
        subjects=subjects,
        storage=StorageType.FILE,
        retention=RetentionPolicy.LIMITS,
        duplicate_window=DUPLICATE_WINDOW_S,
    )
    try:
        await js.stream_info(name)
    except NotFoundError:
        await js.add_stream(config)
