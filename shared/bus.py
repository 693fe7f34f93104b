"""The NATS connection of one service: connects in the background, reconnects forever,
and provisions the JetStream stream it publishes to."""

import asyncio
import contextlib

import nats
from nats.aio.client import Client
from nats.js import JetStreamContext
from nats.js.api import RetentionPolicy, StorageType, StreamConfig
from nats.js.errors import NotFoundError

from shared.tasks import cancel_and_wait
from shared.telemetry import log

DUPLICATE_WINDOW_S = 600.0
CLOSE_TIMEOUT_S = 5.0


class Bus:
    """One NATS client shared by a service's relay, consumers and readiness probe."""

    def __init__(self, *, url: str, name: str, stream: str, subjects: list[str]) -> None:
        self.url = url
        self.name = name
        self.stream = stream
        self.subjects = subjects
        self.nc: Client | None = None
        self._up = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    @property
    def connected(self) -> bool:
        return self.nc is not None and self.nc.is_connected

    @property
    def js(self) -> JetStreamContext:
        if self.nc is None:
            raise ConnectionError("NATS is not connected yet")
        return self.nc.jetstream()

    def start(self) -> None:
        self._task = asyncio.create_task(self._connect_until_done(), name=f"{self.name}-nats")

    async def wait_connected(self) -> None:
        await self._up.wait()

    async def _connect_until_done(self) -> None:
        delay = 0.1
        while True:
            try:
                self.nc = await nats.connect(
                    self.url,
                    name=self.name,
                    max_reconnect_attempts=-1,
                    reconnect_time_wait=0.5,
                    connect_timeout=2,
                    reconnected_cb=self._on_reconnected,
                    disconnected_cb=self._on_disconnected,
                    error_cb=self._on_error,
                )
                await ensure_stream(self.js, self.stream, self.subjects)
                self._up.set()
                log.info("nats connected", url=self.url)
                return
            except Exception as exc:  # the server may simply not be up yet
                log.warning("nats connect failed, retrying", error=repr(exc), delay=delay)
                if self.nc is not None:
                    with contextlib.suppress(Exception):
                        await self.nc.close()
                    self.nc = None
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

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
        if self.nc is not None:
            # Not drain(): consumers and the relay have stopped already, and a drain waits
            # up to its 30 s timeout on pull subscriptions that will never be fetched again.
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.nc.close(), CLOSE_TIMEOUT_S)


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
