"""The database pool: connections handed out in the order they were asked for.

SQLAlchemy's asyncio pool keeps its idle connections in an `asyncio.Queue`, and a returned
connection stays in that queue until the waiter it woke runs: a request that asks in the
meantime takes it, and the woken waiter goes to the back of the line. With one SQLite
connection and 32 requests in flight (or PostgreSQL's pool under a load above its size), the
unlucky wait several turns: the tail latency. `InTurnQueue` hands a returned connection
straight to the longest waiter; a request takes an idle one at once only when nobody waits.
No kept library offers the pool's queue alone; SQLAlchemy lets a pool name its queue class.
"""

import asyncio
from collections import deque
from typing import Generic, TypeVar

from sqlalchemy.pool import AsyncAdaptedQueuePool, ConnectionPoolEntry
from sqlalchemy.util import await_
from sqlalchemy.util.queue import Empty, Full, QueueCommon

T = TypeVar("T")


class InTurnQueue(QueueCommon[T], Generic[T]):
    """A pool's queue that serves waiters first come, first served."""

    def __init__(self, maxsize: int = 0, use_lifo: bool = False) -> None:
        self.maxsize, self.use_lifo = maxsize, use_lifo
        self._idle: deque[T] = deque()
        self._waiters: deque[asyncio.Future[T]] = deque()

    def empty(self) -> bool:
        return not self._idle

    def full(self) -> bool:
        return 0 < self.maxsize <= len(self._idle)

    def qsize(self) -> int:
        return len(self._idle)

    def put_nowait(self, item: T) -> None:
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(item)
                return
        if self.full():
            raise Full()
        self._idle.append(item)

    def put(self, item: T, block: bool = True, timeout: float | None = None) -> None:
        self.put_nowait(item)  # a pool never holds more than its size: a put never waits

    def get_nowait(self) -> T:
        if not self._idle:  # never idle while someone waits: a returned one goes to them
            raise Empty()
        return self._idle.pop() if self.use_lifo else self._idle.popleft()

    def get(self, block: bool = True, timeout: float | None = None) -> T:
        try:
            return self.get_nowait()
        except Empty:
            if not block:
                raise
        return await_(self._wait(timeout))

    async def _wait(self, within_s: float | None) -> T:
        waiter: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            return await asyncio.wait_for(waiter, within_s)
        except BaseException as exc:  # timed out, or the request was cancelled
            if waiter.done() and not waiter.cancelled():
                self.put_nowait(waiter.result())  # handed over as it gave up: to the next in line
            if isinstance(exc, TimeoutError):
                raise Empty() from exc
            raise


class InTurnPool(AsyncAdaptedQueuePool):
    """SQLAlchemy's asyncio pool, on `InTurnQueue`."""

    _queue_class = InTurnQueue[ConnectionPoolEntry]
