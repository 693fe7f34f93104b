"""Registration numbers (收文登记号): gap-free per year under concurrent registering, with or without
an `Idempotency-Key`, and the event of each registration carries the number its answer gave."""

import asyncio
import json
from typing import Any

import pytest

from tests.integration.test_incoming_slice import incoming
from tests.support import eventually, jetstream, token

pytestmark = pytest.mark.timeout(240)

STAFF = token(clearance="top_secret")
AT_ONCE = 40


async def register(stack: Any, key: str | None) -> Any:
    headers = {**STAFF, **({"Idempotency-Key": key} if key else {})}
    return await stack.docs.post("/api/v1/incoming", json=incoming(), headers=headers)


async def published_numbers(nats_url: str, ids: set[str]) -> dict[str, str]:
    """The registration number each of `ids`' `registered` events carries, as a unit receives it."""
    found: dict[str, str] = {}
    async with jetstream(nats_url) as js:
        sub = await js.pull_subscribe("office.docs.incoming.registered", durable=None, stream="OFFICE")

        async def all_read() -> bool:
            try:
                messages = await sub.fetch(100, timeout=0.5)
            except TimeoutError:
                messages = []
            for message in messages:
                data = json.loads(message.data)["data"]
                if data["id"] in ids:
                    found[data["id"]] = data["reg_no"]
            return set(found) == ids

        await eventually(all_read)
    return found


async def test_forty_registered_at_once_get_one_to_forty_and_their_events_say_so(
    start_stack: Any, nats_server: Any
) -> None:
    async with start_stack("docs") as stack:
        keys = [f"reg-{n}" if n % 2 else None for n in range(AT_ONCE)]
        answers = await asyncio.gather(*(register(stack, key) for key in keys))
        assert [a.status_code for a in answers] == [201] * AT_ONCE, [a.text for a in answers]
        numbers = {a.json()["id"]: a.json()["reg_no"] for a in answers}
        assert sorted(numbers.values()) == sorted(f"收〔2022〕{n}号" for n in range(1, AT_ONCE + 1))

        again = await register(stack, "reg-1")
        assert again.headers.get("Idempotent-Replayed") == "true"
        assert again.json()["reg_no"] == answers[1].json()["reg_no"]
        following = await register(stack, None)
        assert following.json()["reg_no"] == f"收〔2022〕{AT_ONCE + 1}号"
        assert await published_numbers(nats_server.url, set(numbers)) == numbers
