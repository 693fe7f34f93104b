"""Webhooks: a receiver that was down gets everything once, signed; one that stays down ends dead."""

import asyncio
from typing import Any

from services.notify.webhooks.signing import verify
from tests.integration.notify.helpers import LOCAL_RECEIVERS, STAFF, WebhookReceiver, incoming, liaison
from tests.support import eventually

FAST_RETRIES = {
    "webhook_backoff_s": 0.05,
    "webhook_backoff_max_s": 0.3,
    "webhook_poll_s": 0.05,
    **LOCAL_RECEIVERS,
}
NNCB = liaison("NNCB")


async def register(stack: Any, receiver: WebhookReceiver, types: list[str] | None = None) -> dict[str, Any]:
    body = {"url": receiver.url, "event_types": types or ["office.docs.>"], "description": "南宁市局 OA"}
    answer = await stack.notify.post("/api/v1/webhooks", json=body, headers=NNCB)
    assert answer.status_code == 201, answer.text
    return answer.json()  # type: ignore[no-any-return]


async def deliveries(stack: Any, headers: dict[str, str] = NNCB, **params: Any) -> list[dict[str, Any]]:
    answer = await stack.notify.get("/api/v1/deliveries", params=params, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]  # type: ignore[no-any-return]


async def register_documents(stack: Any, count: int, unit: str = "NNCB") -> list[str]:
    ids = []
    for _ in range(count):
        answer = await stack.docs.post("/api/v1/incoming", json=incoming(unit=unit), headers=STAFF)
        assert answer.status_code == 201, answer.text
        ids.append(answer.json()["id"])
    return ids


async def test_a_receiver_that_was_down_gets_every_delivery_once_and_signed(start_stack: Any) -> None:
    receiver = WebhookReceiver()  # not listening yet: connections are refused
    async with start_stack("docs", "notify", webhook_max_attempts=100, **FAST_RETRIES) as stack:
        hook = await register(stack, receiver)
        assert "secret" in hook and hook["unit"] == "NNCB"
        documents = await register_documents(stack, 5)
        await register_documents(stack, 1, unit="LZCB")  # not NNCB's: never sent to its webhook

        async def retried_while_down() -> bool:
            rows = await deliveries(stack)
            return len(rows) == 5 and all(r["attempts"] >= 2 and r["status"] == "pending" for r in rows)

        await eventually(retried_while_down)
        await receiver.start()
        try:

            async def all_delivered() -> bool:
                return len(await deliveries(stack, status="delivered")) == 5

            await eventually(all_delivered)
            await asyncio.sleep(0.5)  # time for a duplicate to show up, if one were coming
        finally:
            await receiver.stop()

    assert len(receiver.received) == 5
    assert len(set(receiver.event_ids())) == 5
    assert sorted(r.event["subject"] for r in receiver.received) == sorted(documents)
    for request in receiver.received:
        assert verify(hook["secret"], request.body, request.headers["x-office-signature"])
        assert not verify("another-secret", request.body, request.headers["x-office-signature"])
        assert request.headers["x-office-event-type"] == "office.docs.incoming.registered.v1"
        assert request.event["unit"] == "NNCB"


async def test_a_receiver_that_stays_down_ends_dead_and_a_retry_delivers(start_stack: Any) -> None:
    receiver = WebhookReceiver()
    async with start_stack("docs", "notify", webhook_max_attempts=3, **FAST_RETRIES) as stack:
        hook = await register(stack, receiver, ["office.docs.incoming.registered"])
        [document] = await register_documents(stack, 1)

        async def dead() -> bool:
            return len(await deliveries(stack, status="dead")) == 1

        await eventually(dead)
        [letter] = await deliveries(stack, status="dead")
        assert letter["attempts"] == 3 and letter["webhook_id"] == hook["id"]
        assert letter["last_error"] and letter["dead_at"]

        async def told() -> bool:
            answer = await stack.notify.get("/api/v1/inbox", headers=NNCB)
            return any(
                i["event_type"] == "office.notify.delivery.dead_lettered.v1" for i in answer.json()["items"]
            )

        await eventually(told)

        await receiver.start()
        try:
            answer = await stack.notify.post(f"/api/v1/deliveries/{letter['id']}/retry", headers=NNCB)
            assert answer.status_code == 200, answer.text
            assert answer.json()["status"] == "pending" and answer.json()["attempts"] == 0

            async def delivered() -> bool:
                return len(await deliveries(stack, status="delivered")) == 1

            await eventually(delivered)
            again = await stack.notify.post(f"/api/v1/deliveries/{letter['id']}/retry", headers=NNCB)
            assert again.status_code == 409, again.text
            assert again.headers["content-type"] == "application/problem+json"
        finally:
            await receiver.stop()

    [request] = receiver.received
    assert request.event["subject"] == document
    assert verify(hook["secret"], request.body, request.headers["x-office-signature"])


async def test_a_removed_webhook_gets_nothing_more(start_stack: Any) -> None:
    receiver = WebhookReceiver()
    await receiver.start()
    try:
        async with start_stack("docs", "notify", **FAST_RETRIES) as stack:
            hook = await register(stack, receiver)
            await register_documents(stack, 1)

            async def first() -> bool:
                return len(receiver.received) == 1

            await eventually(first)
            answer = await stack.notify.delete(f"/api/v1/webhooks/{hook['id']}", headers=NNCB)
            assert answer.status_code == 204, answer.text
            await register_documents(stack, 1)
            await asyncio.sleep(1.0)
            assert len(receiver.received) == 1
            listed = await stack.notify.get(f"/api/v1/webhooks/{hook['id']}", headers=NNCB)
            assert listed.json()["active"] is False
    finally:
        await receiver.stop()
