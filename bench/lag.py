"""Figure 2: how long a registered document takes to show in the statistics, at a steady rate.

docs and aggregate run as processes on one nats-server. Registrations are sent open-loop at
`rate` per second (each at its scheduled time, whatever the previous answers do), at most 32
in flight; those that cannot start within 2 s after the schedule ends are dropped (docs is
saturated), so that the run stays short. Meanwhile the aggregate's count of the year is
polled every `poll_s` (or as fast as it answers). When the count first reaches base + N, the
N-th registration (in order of its 201) is counted: its lag is that moment minus the moment
its 201 arrived (zero if the count got there first). A poll's moment is when its answer
arrived, so a lag is overstated by at most one poll round trip.
"""

import asyncio
import math
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.processes import Child, CpuMeter, Processes
from bench.rawhttp import Pool
from bench.workload import incoming_body, json_headers, percentile, received_total

PATH = "/api/v1/incoming"
SETTLE_TIMEOUT_S = 30.0
CONNECTIONS = 32  # at most this many registrations in flight; the rest wait their turn
GRACE_S = 2.0  # registrations not under way this long after the schedule ends are dropped


@dataclass
class LagResult:
    rate: float
    seconds: float
    sent: int = 0
    registered: int = 0
    failed: int = 0
    dropped: int = 0
    send_wall_s: float = 0.0
    post_ms: list[float] = field(default_factory=list)
    lags_ms: list[float] = field(default_factory=list)
    uncounted: int = 0
    polls: int = 0
    cpu: dict[str, float] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)

    @property
    def achieved_rate(self) -> float:
        return self.registered / self.send_wall_s if self.send_wall_s else 0.0

    def lag(self, pct: float) -> float:
        return percentile(self.lags_ms, pct)

    @property
    def max_lag(self) -> float:
        return max(self.lags_ms, default=float("nan"))


async def _wait_count(stats: Pool, at_least: int, within_s: float) -> int:
    deadline = time.monotonic() + within_s
    while True:
        count = await received_total(stats)
        if count >= at_least or time.monotonic() > deadline:
            return count
        await asyncio.sleep(0.02)


async def _warm_up(docs: Pool, stats: Pool, body: bytes, n: int = 20) -> int:
    """A few registrations, counted, so that both services and the stream are past first use."""
    base = await received_total(stats)
    for _ in range(n):
        status, answer = await docs.request("POST", PATH, body)
        if status != 201:
            raise RuntimeError(f"warm-up POST answered {status}: {answer[:300]!r}")
    count = await _wait_count(stats, base + n, SETTLE_TIMEOUT_S)
    if count < base + n:
        raise RuntimeError(f"warm-up: the aggregate counts {count - base} of {n} registrations")
    return count


async def measure_lag(
    docs_child: Child, agg_child: Child, *, others: list[Child], rate: float, seconds: float, poll_s: float
) -> LagResult:
    body = incoming_body()
    docs = Pool("127.0.0.1", docs_child.port, json_headers(), size=CONNECTIONS)
    stats = Pool("127.0.0.1", agg_child.port, json_headers())
    result = LagResult(rate=rate, seconds=seconds)
    try:
        base = await _warm_up(docs, stats, body)
        completions: list[float] = []
        observations: list[tuple[float, int]] = []
        sending = True
        settle_by = math.inf

        async def poll() -> None:
            """Poll until every registration is counted (or the settling time is over)."""
            while True:
                started = time.perf_counter()
                count = await received_total(stats) - base
                observations.append((time.perf_counter(), count))
                if not sending and (count >= len(completions) or time.monotonic() > settle_by):
                    return
                await asyncio.sleep(max(0.0, started + poll_s - time.perf_counter()))

        in_flight = asyncio.Semaphore(CONNECTIONS)
        give_up = math.inf

        async def post() -> None:
            async with in_flight:
                if time.perf_counter() > give_up:  # docs is this far behind: do not stretch the run
                    result.dropped += 1
                    return
                await _post_one()

        async def _post_one() -> None:
            sent = time.perf_counter()
            try:
                status, _ = await docs.request("POST", PATH, body)
            except (OSError, asyncio.IncompleteReadError) as exc:
                result.errors[type(exc).__name__] = result.errors.get(type(exc).__name__, 0) + 1
                status = 0
            if status == 201:
                done = time.perf_counter()
                completions.append(done)
                result.post_ms.append(1e3 * (done - sent))
            else:
                result.failed += 1

        meter = CpuMeter([docs_child, agg_child, *others])
        poller = asyncio.create_task(poll())
        total = round(rate * seconds)
        started = time.perf_counter()
        give_up = started + seconds + GRACE_S
        posts = []
        for i in range(total):
            delay = started + i / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            posts.append(asyncio.create_task(post()))
        await asyncio.gather(*posts)
        result.send_wall_s = time.perf_counter() - started
        result.sent = total
        result.registered = len(completions)
        settle_by = time.monotonic() + SETTLE_TIMEOUT_S
        sending = False
        await poller
        result.cpu = meter.percent()
        result.polls = len(observations)
        result.lags_ms, result.uncounted = _lags(sorted(completions), observations)
    finally:
        await docs.close()
        await stats.close()
    return result


def _lags(completions: list[float], observations: list[tuple[float, int]]) -> tuple[list[float], int]:
    """The lag of the N-th registration: when the count first reached N, minus when its 201 came."""
    lags = []
    seen = 0  # how many registrations the observations so far account for
    for when, count in observations:
        while seen < min(count, len(completions)):
            lags.append(max(0.0, 1e3 * (when - completions[seen])))
            seen += 1
    return lags, len(completions) - seen


async def lag_figure(workdir: Path, *, rate: float, seconds: float, poll_s: float = 0.005) -> LagResult:
    with Processes(workdir / "lag") as procs:
        nats = procs.nats()
        url = f"nats://127.0.0.1:{nats.port}"
        docs = procs.service("docs", nats_url=url)
        aggregate = procs.service("aggregate", nats_url=url)
        return await measure_lag(docs, aggregate, others=[nats], rate=rate, seconds=seconds, poll_s=poll_s)
