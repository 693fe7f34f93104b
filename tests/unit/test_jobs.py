"""Jobs that work in rounds: again at once after a full batch, on after a failure, and a round
that sends to the outside world is finished before a shutdown ends it."""

import asyncio

import pytest

from shared.jobs import doubling_backoff_s, run_rounds


async def test_a_full_batch_is_followed_at_once_and_a_short_one_by_a_rest() -> None:
    handed = [10, 10, 3, 10]
    calls: list[float] = []

    async def round_() -> int:
        calls.append(asyncio.get_running_loop().time())
        return handed.pop(0) if handed else 0

    job = asyncio.create_task(run_rounds(round_, job="test", rest_s=0.3, batch=10))
    await asyncio.sleep(0.15)
    assert len(calls) == 3  # two full batches, then the short one: now resting
    await asyncio.sleep(0.3)
    assert len(calls) >= 4
    job.cancel()
    with pytest.raises(asyncio.CancelledError):
        await job


async def test_a_failing_round_does_not_end_the_job() -> None:
    outcomes: list[int | Exception] = [RuntimeError("database away"), 2]
    done: list[int] = []

    async def round_() -> int:
        outcome = outcomes.pop(0) if outcomes else 0
        if isinstance(outcome, Exception):
            raise outcome
        done.append(outcome)
        return outcome

    job = asyncio.create_task(run_rounds(round_, job="test", rest_s=0.05))
    await asyncio.sleep(0.2)
    job.cancel()
    with pytest.raises(asyncio.CancelledError):
        await job
    assert done[0] == 2


async def test_a_cancelled_job_lets_the_round_in_flight_finish_when_asked_to() -> None:
    finished: list[str] = []

    async def slow_round() -> int:
        await asyncio.sleep(0.2)
        finished.append("recorded")
        return 1

    job = asyncio.create_task(run_rounds(slow_round, job="test", rest_s=1.0, finish_s=2.0))
    await asyncio.sleep(0.05)
    job.cancel()
    with pytest.raises(asyncio.CancelledError):
        await job
    assert finished == ["recorded"]


def test_the_backoff_doubles_and_stops_at_its_cap() -> None:
    delays = [doubling_backoff_s(n, first_s=5, max_s=30) for n in range(1, 6)]
    assert delays == [5, 10, 20, 30, 30]
