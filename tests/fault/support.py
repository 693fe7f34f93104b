"""What the fault tests share: registering documents, reading the count, looking into the stream."""

import asyncio
from typing import Any

import httpx
import pytest
from nats.js import JetStreamContext
from nats.js.api import ConsumerInfo

from shared.bus import ensure_stream
from tests.support import eventually, jetstream, token

STAFF = token()
ADMIN = token(roles=("admin",))
YEAR = 2022
STREAM = "OFFICE"
CHANNELS = ("oa", "intranet", "paper", "email", "courier")


def incoming(n: int) -> dict[str, Any]:
    """The n-th document received in 2022 (channels vary; all count in the total)."""
    return {
        "title": f"关于做好2022年政务信息工作的通知（第{n}号）",
        "source_org": "省政府办公厅",
        "source_ref": f"桂政办发〔2022〕{n}号",
        "channel": CHANNELS[n % len(CHANNELS)],
        "received_at": "2022-03-01T09:00:00+08:00",
    }


class Progress:
    """How many documents have been registered so far."""

    registered = 0


async def register(
    docs: httpx.AsyncClient,
    count: int,
    *,
    first: int = 0,
    concurrency: int = 20,
    progress: Progress | None = None,
) -> None:
    """Register `count` documents, `concurrency` at a time; every one must be accepted (201)."""
    for start in range(first, first + count, concurrency):
        numbers = range(start, min(start + concurrency, first + count))
        answers = await asyncio.gather(
            *(docs.post("/api/v1/incoming", json=incoming(n), headers=STAFF) for n in numbers)
        )
        for answer in answers:
            assert answer.status_code == 201, answer.text
        if progress is not None:
            progress.registered += len(answers)


async def received_total(aggregate: httpx.AsyncClient) -> int | None:
    """The year's `docs.received.total.value`, or None while the aggregate cannot answer."""
    try:
        answer = await aggregate.get(f"/api/v1/stats/{YEAR}", headers=STAFF)
    except httpx.TransportError:
        return None
    if answer.status_code != 200:
        return None
    return int(answer.json()["docs"]["received"]["total"]["value"])


async def settles_at(aggregate: httpx.AsyncClient, expected: int, *, within: float = 60.0) -> None:
    """The count reaches exactly `expected`, never passes it, and is still there a while later;
    no event was set aside on the way."""
    last: list[int | None] = [None]

    async def reached() -> bool:
        last[0] = value = await received_total(aggregate)
        if value is not None and value > expected:
            pytest.fail(f"counted {value} of {expected}: something was counted twice")
        return value == expected

    try:
        await eventually(reached, within=within, interval=0.2)
    except AssertionError as exc:
        raise AssertionError(f"counted {last[0]} of {expected} after {within}s") from exc
    await asyncio.sleep(2.0)  # late redeliveries, republishes and replays would have landed
    assert await received_total(aggregate) == expected
    assert await dead_letters(aggregate) == []  # copies are skipped, not failed and set aside


async def dead_letters(service: httpx.AsyncClient) -> list[dict[str, Any]]:
    """What the service's consumers gave up on (the operator's list)."""
    answer = await service.get("/api/v1/admin/dead-letters", headers=ADMIN)
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]  # type: ignore[no-any-return]


async def consumers_drained(url: str) -> bool:
    """Every consumer of the stream has had every message delivered and acknowledged."""
    async with jetstream(url) as js:
        consumers = await js.consumers_info(STREAM)
    return bool(consumers) and all(c.num_pending == 0 and c.num_ack_pending == 0 for c in consumers)


async def consumers_of(js: JetStreamContext, service: str) -> list[ConsumerInfo]:
    """The service's durable consumers on the stream (named after it: `aggregate`, `aggregate-g2`)."""
    return [c for c in await js.consumers_info(STREAM) if (c.name or "").startswith(service)]


async def consuming(url: str, service: str) -> bool:
    """The service has its durable consumer on the stream."""
    async with jetstream(url) as js:
        return bool(await consumers_of(js, service))


async def shorten_duplicate_window(url: str, seconds: float) -> None:
    """Create the stream as the services would, with a duplicate window short enough to lapse
    within a test: it stands in for a publisher that comes back after the 10-minute window."""
    async with jetstream(url) as js:
        await ensure_stream(js, STREAM, ["office.>"])
        config = (await js.stream_info(STREAM)).config
        config.duplicate_window = seconds
        await js.update_stream(config)


async def shorten_ack_wait(url: str, service: str, seconds: float) -> None:
    """Edit the service's consumers (as `nats consumer edit` would) so that what a dead
    process had been delivered comes back after `seconds`, not the production 30 s."""
    async with jetstream(url) as js:
        for info in await consumers_of(js, service):
            config = info.config
            config.ack_wait = seconds
            await js.add_consumer(STREAM, config)  # create-or-update


async def answering(aggregate: httpx.AsyncClient, within: float = 60.0) -> None:
    """The aggregate (a process just started) answers its statistics."""

    async def answers() -> bool:
        return await received_total(aggregate) is not None

    await eventually(answers, within=within, interval=0.1)


async def ready(*clients: httpx.AsyncClient, within: float = 20.0) -> None:
    """Every service says it is ready: its database and NATS are reachable."""

    async def all_ready() -> bool:
        answers = await asyncio.gather(*(c.get("/readyz") for c in clients))
        return all(a.status_code == 200 for a in answers)

    await eventually(all_ready, within=within, interval=0.1)
