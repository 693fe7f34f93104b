"""An event the aggregate cannot apply is retried, then set aside for an operator — and
does not hold up the documents around it; a message that is no CloudEvents envelope at all is
set aside at once; an event that fails once is counted once."""

import json
import random
from collections import Counter
from typing import Any

import pytest

from shared.contracts import IncomingRegistered
from shared.envelope import Envelope
from tests.fault.support import ADMIN, dead_letters, received_total, register, settles_at
from tests.support import NatsServer, eventually, jetstream

REGISTERED = IncomingRegistered.event_type()


def poison() -> Envelope:
    """A well-formed envelope whose data breaks the projection: no `received_at`."""
    return Envelope(
        source="office/docs",
        type=REGISTERED,
        subject="doc-poison",
        data={
            "id": "doc-poison",
            "reg_no": "收〔2022〕999号",
            "title": "缺少收文时间的收文",
            "source_org": "省政府办公厅",
            "channel": "oa",
            "classification": "none",
            "urgency": "normal",
            "unit": "GO",
        },
        unit="GO",
        actor="mallory",
    )


@pytest.mark.fault
@pytest.mark.timeout(90)
async def test_a_poison_event_is_dead_lettered_and_the_documents_around_it_still_count(
    start_stack: Any, nats_server: NatsServer
) -> None:
    async with start_stack("docs", "aggregate", consumer_max_tries=2, consumer_backoff_s=0.1) as stack:
        await register(stack.docs, 10)
        event = poison()
        async with jetstream(nats_server.url) as js:
            await js.publish(
                event.nats_subject, event.model_dump_json().encode(), headers={"Nats-Msg-Id": event.id}
            )
        await register(stack.docs, 10, first=10)

        async def all_good_ones_counted() -> bool:
            return await received_total(stack.aggregate) == 20

        await eventually(all_good_ones_counted, within=30)

        async def dead_lettered() -> bool:
            return len(await dead_letters(stack.aggregate)) > 0

        await eventually(dead_lettered, within=30)
        (letter,) = await dead_letters(stack.aggregate)
        assert letter["event_id"] == event.id
        assert letter["subject"] == event.nats_subject
        assert letter["tries"] == 2
        assert "received_at" in letter["error"]
        assert letter["retried_at"] is None

        # The operator retries it: it fails again, and says so cleanly.
        answer = await stack.aggregate.post(f"/api/v1/admin/dead-letters/{letter['id']}/retry", headers=ADMIN)
        assert 400 <= answer.status_code < 500, answer.text
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert answer.json()["status"] == answer.status_code
        assert "received_at" in answer.json()["detail"]
        (still,) = await dead_letters(stack.aggregate)
        assert still["id"] == letter["id"] and still["retried_at"] is None
        assert await received_total(stack.aggregate) == 20


@pytest.mark.fault
@pytest.mark.timeout(90)
async def test_a_message_that_is_no_envelope_is_dead_lettered_at_once_and_holds_up_nothing(
    start_stack: Any, nats_server: NatsServer
) -> None:
    garbage = {
        "random-bytes": random.Random(16).randbytes(300),
        "json-no-envelope": json.dumps({"id": "x", "type": REGISTERED, "data": "收文"}).encode(),
    }
    async with start_stack("docs", "aggregate", consumer_max_tries=5) as stack:
        await register(stack.docs, 10)
        async with jetstream(nats_server.url) as js:
            for message_id, payload in garbage.items():
                await js.publish(poison().nats_subject, payload, headers={"Nats-Msg-Id": message_id})
        await register(stack.docs, 10, first=10)

        async def all_good_ones_counted() -> bool:
            return await received_total(stack.aggregate) == 20

        await eventually(all_good_ones_counted, within=30)

        async def both_set_aside() -> bool:
            return len(await dead_letters(stack.aggregate)) == len(garbage)

        await eventually(both_set_aside, within=30)
        letters = {letter["event_id"]: letter for letter in await dead_letters(stack.aggregate)}
        assert set(letters) == set(garbage)
        for letter in letters.values():
            assert letter["tries"] == 1  # never retried: it cannot become an envelope
            assert "not a CloudEvents envelope" in letter["error"]
            assert letter["subject"] == poison().nats_subject
        assert await received_total(stack.aggregate) == 20


@pytest.mark.fault
@pytest.mark.timeout(90)
async def test_an_event_whose_first_delivery_fails_is_counted_once_after_redelivery(
    start_stack: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with start_stack("docs", "aggregate", consumer_backoff_s=0.1) as stack:
        app = stack.apps["aggregate"]

        async def consuming() -> bool:
            return len(getattr(app.state, "consumers", ())) > 0

        await eventually(consuming)
        (consumer,) = app.state.consumers
        on_batch = consumer.spec.on_batch
        assert on_batch is not None
        calls: Counter[str] = Counter()
        victim: list[str] = []

        async def fails_on_first_delivery(session: Any, envelopes: list[Envelope]) -> None:
            calls.update(e.id for e in envelopes)
            if not victim:
                victim.append(envelopes[0].id)
            # A failed batch is tried again event by event: two calls make one failed delivery.
            if victim[0] in {e.id for e in envelopes} and calls[victim[0]] <= 2:
                raise ConnectionResetError("the database went away")
            await on_batch(session, envelopes)

        monkeypatch.setattr(consumer.spec, "on_batch", fails_on_first_delivery)
        await register(stack.docs, 10)
        await settles_at(stack.aggregate, 10)
        assert calls[victim[0]] == 3  # delivered twice: failed (batch, then alone), then applied
