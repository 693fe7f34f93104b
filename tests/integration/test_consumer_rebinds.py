"""A consumer the server loses (deleted by hand, a NATS store wiped) is made again, and the
events it then receives from the start of the stream change no figure twice."""

from typing import Any

from tests.fault.support import dead_letters
from tests.integration.aggregate.test_projection import wait_for_total
from tests.integration.test_incoming_slice import incoming
from tests.support import NatsServer, eventually, jetstream, token

STAFF = token()


async def register(stack: Any, count: int) -> None:
    for _ in range(count):
        answer = await stack.docs.post("/api/v1/incoming", json=incoming(), headers=STAFF)
        assert answer.status_code == 201, answer.text


async def test_a_deleted_consumer_is_made_again_and_counts_nothing_twice(
    start_stack: Any, nats_server: NatsServer
) -> None:
    async with start_stack("docs", "aggregate", consumer_max_tries=2, consumer_backoff_s=0.1) as stack:
        await register(stack, 3)
        await wait_for_total(stack, 2022, 3)
        async with jetstream(nats_server.url) as js:
            await js.delete_consumer("OFFICE", "aggregate-g1")
            await register(stack, 2)
            await wait_for_total(stack, 2022, 5)
            info = await js.consumer_info("OFFICE", "aggregate-g1")
            assert info.delivered.stream_seq == 5  # the whole stream again, from the start

            async def all_acknowledged() -> bool:
                info = await js.consumer_info("OFFICE", "aggregate-g1")
                return bool(info.num_pending == 0 and info.num_ack_pending == 0)

            await eventually(all_acknowledged, within=20)
        status = (await stack.aggregate.get("/api/v1/admin/status", headers=token(roles=("admin",)))).json()
        assert status["events_applied"] == 5
        # the three redelivered events were skipped as processed, not failed into dead letters
        assert await dead_letters(stack.aggregate) == []
