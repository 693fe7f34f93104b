"""The pool's queue hands a returned connection to the longest waiter, never to a late comer."""

import asyncio

import pytest
from sqlalchemy.util.queue import Empty

from shared.pool import InTurnQueue


async def test_a_returned_connection_goes_to_the_waiter_not_to_a_late_comer() -> None:
    queue: InTurnQueue[str] = InTurnQueue(1)
    waiting = asyncio.create_task(queue._wait(5))
    await asyncio.sleep(0)
    queue.put_nowait("connection")
    with pytest.raises(Empty):
        queue.get_nowait()  # a request that asks now waits its turn
    assert await waiting == "connection"
    assert queue.qsize() == 0


async def test_waiters_are_served_first_come_first_served() -> None:
    queue: InTurnQueue[str] = InTurnQueue(1)
    waiters = [asyncio.create_task(queue._wait(5)) for _ in range(3)]
    await asyncio.sleep(0)
    served = []
    for turn in range(3):
        queue.put_nowait(f"c{turn}")
        served.append(await waiters[turn])
    assert served == ["c0", "c1", "c2"]


async def test_an_idle_connection_is_taken_at_once_when_nobody_waits() -> None:
    queue: InTurnQueue[str] = InTurnQueue(2)
    queue.put_nowait("a")
    queue.put_nowait("b")
    assert [queue.get_nowait(), queue.get_nowait()] == ["a", "b"]
    with pytest.raises(Empty):
        queue.get_nowait()


async def test_a_wait_that_runs_out_is_empty_and_leaves_the_line() -> None:
    queue: InTurnQueue[str] = InTurnQueue(1)
    with pytest.raises(Empty):
        await queue._wait(0.01)
    queue.put_nowait("connection")
    assert queue.get_nowait() == "connection"  # not handed to the waiter that gave up


async def test_a_connection_handed_to_a_cancelled_request_passes_to_the_next() -> None:
    queue: InTurnQueue[str] = InTurnQueue(1)
    first = asyncio.create_task(queue._wait(5))
    second = asyncio.create_task(queue._wait(5))
    await asyncio.sleep(0)
    queue.put_nowait("connection")  # handed to the first ...
    first.cancel()  # ... which is cancelled before it runs
    (kept,) = await asyncio.gather(first, return_exceptions=True)
    if kept == "connection":  # Python 3.11's wait_for keeps a result it already had
        queue.put_nowait(kept)  # and the request returns it when done
    assert await asyncio.wait_for(second, 1) == "connection"  # never lost
