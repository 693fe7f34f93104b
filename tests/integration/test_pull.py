"""The puller every consumer reads through, against a real nats-server."""

import time
from collections.abc import AsyncIterator

import nats
import nats.errors
import pytest
from nats.aio.client import Client
from nats.js.errors import APIError

from shared.bus import ensure_stream
from shared.consumer import ConsumerSpec, ensure_consumer
from shared.pull import Puller
from tests.support import NatsServer

STREAM = "OFFICE"
DURABLE = "pull-test"


@pytest.fixture
async def client(nats_server: NatsServer) -> AsyncIterator[Client]:
    nc = await nats.connect(nats_server.url)
    js = nc.jetstream()
    await ensure_stream(js, STREAM, ["office.>"])
    spec = ConsumerSpec(durable=DURABLE, subjects=["office.>"], handlers={}, ack_wait_s=1.0)
    await ensure_consumer(js, STREAM, spec)
    yield nc
    await nc.close()


async def publish(nc: Client, count: int, start: int = 0) -> None:
    js = nc.jetstream()
    for i in range(start, start + count):
        await js.publish("office.test.thing.done", str(i).encode(), headers={"Nats-Msg-Id": f"m{i}"})


async def test_batches_come_in_stream_order_and_no_larger_than_asked(client: Client) -> None:
    await publish(client, 250)
    puller = await Puller(client, stream=STREAM, durable=DURABLE).open()
    seen: list[int] = []
    sizes = []
    while len(seen) < 250:
        batch = await puller.fetch(100, within_s=1.0)
        sizes.append(len(batch))
        for message in batch:
            seen.append(int(message.data))
            await message.ack()
    await puller.close()
    assert seen == list(range(250))
    assert max(sizes) <= 100 and sizes[0] == 100


async def test_an_empty_stream_answers_a_timeout_after_the_wait_and_a_late_message_comes_next(
    client: Client,
) -> None:
    puller = await Puller(client, stream=STREAM, durable=DURABLE).open()
    started = time.monotonic()
    with pytest.raises(nats.errors.TimeoutError):
        await puller.fetch(10, within_s=0.3)
    assert 0.25 < time.monotonic() - started < 2.0
    await publish(client, 1)
    batch = await puller.fetch(10, within_s=2.0)
    assert [m.data for m in batch] == [b"0"]
    await puller.close()


async def test_unacknowledged_messages_come_back_to_the_next_puller(client: Client) -> None:
    await publish(client, 3)
    first = await Puller(client, stream=STREAM, durable=DURABLE).open()
    assert len(await first.fetch(10, within_s=1.0)) == 3  # taken, never acknowledged
    await first.close()
    second = await Puller(client, stream=STREAM, durable=DURABLE).open()
    again = await second.fetch(10, within_s=3.0)
    assert sorted(m.data for m in again) == [b"0", b"1", b"2"]
    assert all(m.metadata.num_delivered == 2 for m in again)
    await second.close()


async def test_a_deleted_consumer_raises_so_that_the_consumer_loop_rebinds(client: Client) -> None:
    puller = await Puller(client, stream=STREAM, durable=DURABLE).open()
    await client.jetstream().delete_consumer(STREAM, DURABLE)
    with pytest.raises(APIError) as raised:
        await puller.fetch(10, within_s=1.0)
    assert raised.value.code == 503  # no responders: nothing serves that consumer any more
    await puller.close()
