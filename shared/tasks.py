"""Stopping background tasks for sure.

On Python 3.11 a single `cancel()` can be swallowed by `asyncio.wait_for` (used inside
nats-py's fetch, and by our own idle waits) when it races the inner timeout; the task then
runs on and a shutdown hangs. So: cancel until the task is done.
"""

import asyncio
import contextlib


async def cancel_and_wait(task: asyncio.Task[object] | None) -> None:
    if task is None:
        return
    while not task.done():
        task.cancel()
        await asyncio.wait({task}, timeout=1.0)
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await task
