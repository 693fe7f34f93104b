"""What an operator watches on /metrics: the outbox's backlog and its oldest event while NATS is
away, each durable consumer's backlog and dead letters, and every route counted under its name."""

import json
import re
from typing import Any

import pytest

from shared.envelope import Envelope
from tests.integration.test_incoming_slice import incoming
from tests.support import NatsServer, eventually, jetstream, token

STAFF = token(clearance="top_secret")


def gauge(text: str, name: str, **labels: str) -> float | None:
    """The value of one sample of the Prometheus text, or None when absent."""
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in text.splitlines():
        match = re.fullmatch(rf"{name}\{{(.*)\}} (\S+)", line)
        if match and ",".join(sorted(match.group(1).split(","))) == wanted:
            return float(match.group(2))
    return None


async def metrics(stack: Any) -> str:
    answer = await stack.docs.get("/metrics")
    assert answer.status_code == 200
    return str(answer.text)


@pytest.mark.restarts_nats
async def test_the_outbox_backlog_and_its_age_while_nats_is_away(
    start_stack: Any, nats_server: NatsServer
) -> None:
    async with start_stack("docs") as stack:
        nats_server.stop()
        for _ in range(3):
            assert (
                await stack.docs.post("/api/v1/incoming", json=incoming(), headers=STAFF)
            ).status_code == 201
        text = await metrics(stack)
        assert gauge(text, "office_outbox_pending", service="docs") == 3
        assert (gauge(text, "office_outbox_oldest_pending_seconds", service="docs") or 0) > 0
        nats_server.start()

        async def published() -> bool:
            text = await metrics(stack)
            return gauge(text, "office_outbox_pending", service="docs") == 0

        await eventually(published, within=30)
        assert gauge(await metrics(stack), "office_outbox_oldest_pending_seconds", service="docs") == 0


async def test_a_consumers_backlog_and_its_dead_letters(start_stack: Any, nats_server: NatsServer) -> None:
    async with start_stack("docs", consumer_max_tries=1, consumer_backoff_s=0.01) as stack:
        text = await metrics(stack)
        assert gauge(text, "office_consumer_pending", service="docs", consumer="docs") == 0
        assert gauge(text, "office_dead_letters", service="docs", consumer="docs") == 0
        poison = Envelope(
            source="office/meetings",
            type="office.meetings.decision.recorded.v1",
            subject="d1",
            data={"id": "d1"},  # a decision with none of its fields
            unit="NNCB",
            actor="secretary",
        )
        async with jetstream(nats_server.url) as js:
            await js.publish(
                "office.meetings.decision.recorded", json.dumps(poison.model_dump(mode="json")).encode()
            )

        async def dead() -> bool:
            return gauge(await metrics(stack), "office_dead_letters", service="docs", consumer="docs") == 1

        await eventually(dead, within=20)
        assert gauge(await metrics(stack), "office_consumer_pending", service="docs", consumer="docs") == 0


def requests_of(text: str, route: str) -> float:
    """How many requests docs has answered under a route label (the histogram's counts)."""
    labels = (f'route="{route}"', 'service="docs"')
    lines = [line for line in text.splitlines() if line.startswith("office_http_request_seconds_count{")]
    return sum(float(line.rsplit(" ", 1)[1]) for line in lines if all(label in line for label in labels))


async def test_every_route_is_counted_under_its_template(start_stack: Any) -> None:
    async with start_stack("docs") as stack:
        before = await metrics(stack)
        await stack.docs.get("/openapi.json")
        await stack.docs.get("/api/v1/incoming/abc", headers=STAFF)
        after = await metrics(stack)
    assert requests_of(after, "/openapi.json") == requests_of(before, "/openapi.json") + 1
    template = "/api/v1/incoming/{incoming_id}"
    assert requests_of(after, template) == requests_of(before, template) + 1
    assert requests_of(after, "unmatched") == requests_of(
        before, "unmatched"
    )  # (the registry is the process's)
