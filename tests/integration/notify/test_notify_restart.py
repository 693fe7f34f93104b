"""A restart of notify in the middle of a burst loses no notification and sends none twice."""

import asyncio
from pathlib import Path
from typing import Any

from nats.js.errors import NotFoundError

from services.notify.app import create_app
from tests.integration.conftest import running, settings_for
from tests.integration.notify.helpers import LOCAL_RECEIVERS, STAFF, WebhookReceiver, incoming, liaison
from tests.support import Databases, NatsServer, eventually, jetstream

BURST = 40
NNCB = liaison("NNCB")


async def test_a_restart_in_a_burst_loses_nothing_and_repeats_nothing(
    start_stack: Any, databases: Databases, nats_server: NatsServer, tmp_path: Path
) -> None:
    settings = settings_for(
        "notify",
        database_url=await databases.new("notify"),
        nats_url=nats_server.url,
        data_dir=tmp_path,
        webhook_backoff_s=0.05,
        webhook_backoff_max_s=0.2,
        webhook_poll_s=0.02,
        webhook_batch=5,
        **LOCAL_RECEIVERS,
        consumer_batch=5,
        consumer_ack_wait_s=2.0,  # events pulled by the stopped instance come back after this
    )
    receiver = WebhookReceiver()
    await receiver.start()

    async def register(stack: Any, count: int) -> list[str]:
        answers = await asyncio.gather(
            *(
                stack.docs.post("/api/v1/incoming", json=incoming(unit="NNCB"), headers=STAFF)
                for _ in range(count)
            )
        )
        assert all(a.status_code == 201 for a in answers)
        return [a.json()["id"] for a in answers]

    try:
        async with start_stack("docs") as stack:
            async with running(create_app(settings)) as notify:
                hook = await notify.post(
                    "/api/v1/webhooks", json={"url": receiver.url, "event_types": [">"]}, headers=NNCB
                )
                assert hook.status_code == 201, hook.text
                sent = asyncio.create_task(register(stack, BURST // 2))

                async def under_way() -> bool:
                    return len(receiver.received) >= 3

                await eventually(under_way)
            # notify is down: the rest of the burst waits in the OFFICE stream
            documents = await sent + await register(stack, BURST // 2)
            assert len(receiver.received) < BURST

            async with running(create_app(settings)) as notify:

                async def all_told() -> bool:
                    answer = await notify.get("/api/v1/inbox/unread-count", headers=NNCB)
                    told = answer.json()["unread"] == BURST and len(receiver.received) >= BURST
                    return told and await republished(nats_server.url) >= BURST

                await eventually(all_told, within=30)
                await asyncio.sleep(0.5)  # a duplicate, if one were coming
                delivered = await notify.get(
                    "/api/v1/deliveries", params={"status": "delivered", "limit": 500}, headers=NNCB
                )
                assert len(delivered.json()["items"]) == BURST
    finally:
        await receiver.stop()

    assert sorted(r.event["subject"] for r in receiver.received) == sorted(documents)
    assert await republished(nats_server.url) == BURST  # one per document on units.NNCB.>, none twice


async def republished(url: str) -> int:
    """Messages waiting for unit NNCB on its consumer of stream UNITS (none before notify has made
    it: an instance stopped within a second may not have come to it)."""
    async with jetstream(url) as js:
        try:
            return int((await js.consumer_info("UNITS", "unit_NNCB")).num_pending)
        except NotFoundError:
            return 0
