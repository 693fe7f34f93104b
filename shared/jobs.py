"""Background jobs that work in rounds: take what is due, do it, rest when little was due.

The reminder senders, the inspection claimer and the webhook and mail workers all run
this way: a round answers how many items it handled; a full batch means more may be
waiting, so the next round starts at once; a failing round (the database away for a
while) is logged and tried again after the rest.
"""

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

from shared.telemetry import log

Round = Callable[[], Awaitable[int]]


async def run_rounds(
    round_: Round, *, job: str, rest_s: float, batch: int | None = None, finish_s: float | None = None
) -> None:
    """Run rounds until cancelled. With `finish_s`, a cancellation lets the round in flight
    finish (for up to `finish_s`) first: one that sends to the outside world must record
    what it sent, or a restart would send it again."""
    while True:
        handled = await _round(round_, job, finish_s)
        if batch is None or handled < batch:
            await asyncio.sleep(rest_s)


async def _round(round_: Round, job: str, finish_s: float | None) -> int:
    if finish_s is None:
        return await _logged(round_, job)
    in_flight = asyncio.ensure_future(_logged(round_, job))
    try:
        return await asyncio.shield(in_flight)
    except asyncio.CancelledError:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(in_flight, finish_s)
        raise


async def _logged(round_: Round, job: str) -> int:
    try:
        handled = await round_()
    except Exception as exc:  # a database or server hiccup must not end the job
        log.warning("job round failed", job=job, error=repr(exc))
        return 0
    if handled:
        log.info("job round done", job=job, count=handled)
    return handled


def doubling_backoff_s(attempts: int, *, first_s: float, max_s: float) -> float:
    """Seconds before the next try after `attempts` failed ones: `first_s`, doubled each time, capped."""
    return float(min(first_s * 2.0 ** (attempts - 1), max_s))
