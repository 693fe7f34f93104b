"""Every notify route refuses what it must: no token 401, bad input 422, another unit's things 403/404."""

from typing import Any

import pytest

from tests.integration.notify.helpers import ADMIN, LOCAL_RECEIVERS, STAFF, incoming, liaison
from tests.support import eventually, token

NNCB, LZCB = liaison("NNCB"), liaison("LZCB")
HOOK = {"url": "http://127.0.0.1:9/hook", "event_types": ["office.docs.>"]}


def problem(answer: Any, status: int) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    return answer.json()  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/inbox"),
        ("GET", "/api/v1/inbox/unread-count"),
        ("GET", "/api/v1/inbox/stream"),
        ("POST", "/api/v1/inbox/1/read"),
        ("POST", "/api/v1/webhooks"),
        ("GET", "/api/v1/webhooks"),
        ("GET", "/api/v1/webhooks/1"),
        ("DELETE", "/api/v1/webhooks/1"),
        ("GET", "/api/v1/deliveries"),
        ("POST", "/api/v1/deliveries/1/retry"),
        ("GET", "/api/v1/subscriptions/nats"),
        ("GET", "/api/v1/reminders"),
        ("GET", "/api/v1/mail-address"),
        ("PUT", "/api/v1/mail-address"),
        ("GET", "/api/v1/admin/mails"),
        ("POST", "/api/v1/admin/mails/1/retry"),
    ],
)
async def test_no_token_is_401(start_stack: Any, method: str, path: str) -> None:
    async with start_stack("notify") as stack:
        answer = await stack.notify.request(method, path, json=HOOK if method in ("POST", "PUT") else None)
        problem(answer, 401)
        assert answer.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(
    "body",
    [
        {**HOOK, "url": "ftp://example.org/x"},
        {**HOOK, "url": "not a url"},
        {**HOOK, "event_types": []},
        {**HOOK, "event_types": ["office.>.docs"]},
        {**HOOK, "event_types": ["Office Docs"]},
        {**HOOK, "unit": "NOPE"},
        {**HOOK, "surprise": 1},
        {"url": HOOK["url"]},
    ],
)
async def test_a_bad_webhook_is_422_and_stores_nothing(start_stack: Any, body: dict[str, Any]) -> None:
    async with start_stack("notify") as stack:
        problem(await stack.notify.post("/api/v1/webhooks", json=body, headers=NNCB), 422)
        listed = await stack.notify.get("/api/v1/webhooks", headers=STAFF)
        assert listed.json()["items"] == []


@pytest.mark.parametrize(
    "body",
    [
        {"address": "nobody"},
        {"address": "a@b"},
        {"address": "x" * 250 + "@a.cn"},
        {"address": 5},
        {},
        {"address": "a@b.cn", "sub": "eve"},
    ],
)
async def test_a_bad_mail_address_is_422_and_keeps_the_old_one(
    start_stack: Any, body: dict[str, Any]
) -> None:
    async with start_stack("notify") as stack:
        good = await stack.notify.put(
            "/api/v1/mail-address", json={"address": "nncb@example.gov.cn"}, headers=NNCB
        )
        assert good.status_code == 200, good.text
        problem(await stack.notify.put("/api/v1/mail-address", json=body, headers=NNCB), 422)
        kept = await stack.notify.get("/api/v1/mail-address", headers=NNCB)
        assert kept.json() == {"sub": "liaison-nncb", "address": "nncb@example.gov.cn"}
        cleared = await stack.notify.put("/api/v1/mail-address", json={"address": None}, headers=NNCB)
        assert cleared.json()["address"] is None
        assert (await stack.notify.get("/api/v1/mail-address", headers=NNCB)).json()["address"] is None


async def test_bad_query_and_path_values_are_422(start_stack: Any) -> None:
    async with start_stack("notify") as stack:
        for path, params, headers in [
            ("/api/v1/inbox", {"limit": 0}, NNCB),
            ("/api/v1/inbox", {"cursor": "%%%"}, NNCB),
            ("/api/v1/inbox", {"unit": "NOPE"}, STAFF),
            ("/api/v1/deliveries", {"status": "lost"}, NNCB),
            ("/api/v1/subscriptions/nats", {"unit": "NOPE"}, STAFF),
            ("/api/v1/reminders", {"status": "lost"}, NNCB),
            ("/api/v1/reminders", {"unit": "NOPE"}, STAFF),
            ("/api/v1/reminders", {"limit": 501}, NNCB),
            ("/api/v1/reminders", {"cursor": "%%%"}, NNCB),
            ("/api/v1/admin/mails", {"status": "lost"}, ADMIN),
            ("/api/v1/admin/mails", {"limit": 0}, ADMIN),
            ("/api/v1/admin/mails", {"cursor": "%%%"}, ADMIN),
        ]:
            problem(await stack.notify.get(path, params=params, headers=headers), 422)
        problem(await stack.notify.post("/api/v1/inbox/0/read", headers=NNCB), 422)
        problem(await stack.notify.post("/api/v1/deliveries/abc/retry", headers=NNCB), 422)
        problem(await stack.notify.post("/api/v1/admin/mails/abc/retry", headers=ADMIN), 422)
        problem(await stack.notify.post("/api/v1/admin/mails/0/retry", headers=ADMIN), 422)


async def test_the_mail_queue_is_for_admins_only(start_stack: Any) -> None:
    auditor = token(sub="audit", unit="AUD", roles=("auditor",))
    async with start_stack("notify") as stack:
        for headers in (STAFF, NNCB, auditor):
            problem(await stack.notify.get("/api/v1/admin/mails", headers=headers), 403)
            problem(await stack.notify.post("/api/v1/admin/mails/1/retry", headers=headers), 403)
        assert (await stack.notify.get("/api/v1/admin/mails", headers=ADMIN)).json() == {
            "items": [],
            "next_cursor": None,
        }
        missing = problem(await stack.notify.post("/api/v1/admin/mails/999999/retry", headers=ADMIN), 404)
        assert missing["detail"].startswith("邮件 999999 不存在")
        letter = problem(
            await stack.notify.post("/api/v1/admin/dead-letters/999999/retry", headers=ADMIN), 404
        )
        assert letter["detail"].startswith("没有编号为 999999 的死信")


async def test_another_units_inbox_and_webhooks_are_refused_or_hidden(start_stack: Any) -> None:
    async with start_stack("docs", "notify", **LOCAL_RECEIVERS) as stack:
        answer = await stack.docs.post("/api/v1/incoming", json=incoming(unit="NNCB"), headers=STAFF)
        assert answer.status_code == 201

        async def arrived() -> bool:
            return len((await stack.notify.get("/api/v1/inbox", headers=NNCB)).json()["items"]) == 1

        await eventually(arrived)
        [item] = (await stack.notify.get("/api/v1/inbox", headers=NNCB)).json()["items"]
        problem(await stack.notify.get("/api/v1/inbox", params={"unit": "NNCB"}, headers=LZCB), 403)
        problem(
            await stack.notify.get("/api/v1/inbox/unread-count", params={"unit": "NNCB"}, headers=LZCB), 403
        )
        problem(await stack.notify.get("/api/v1/inbox/stream", params={"unit": "NNCB"}, headers=LZCB), 403)
        problem(await stack.notify.get("/api/v1/reminders", params={"unit": "NNCB"}, headers=LZCB), 403)
        problem(await stack.notify.post(f"/api/v1/inbox/{item['id']}/read", headers=LZCB), 404)
        assert (await stack.notify.get("/api/v1/inbox", headers=LZCB)).json()["items"] == []
        office = await stack.notify.get("/api/v1/inbox", params={"unit": "NNCB"}, headers=STAFF)
        assert [i["id"] for i in office.json()["items"]] == [item["id"]]

        problem(await stack.notify.post("/api/v1/webhooks", json={**HOOK, "unit": "NNCB"}, headers=LZCB), 403)
        auditor = token(sub="audit", unit="AUD", roles=("auditor",))
        problem(await stack.notify.post("/api/v1/webhooks", json=HOOK, headers=auditor), 403)
        created = await stack.notify.post("/api/v1/webhooks", json=HOOK, headers=NNCB)
        assert created.status_code == 201, created.text
        hook = created.json()
        problem(await stack.notify.get(f"/api/v1/webhooks/{hook['id']}", headers=LZCB), 404)
        problem(await stack.notify.delete(f"/api/v1/webhooks/{hook['id']}", headers=LZCB), 404)
        assert (await stack.notify.get("/api/v1/webhooks", headers=LZCB)).json()["items"] == []
        seen = await stack.notify.get(f"/api/v1/webhooks/{hook['id']}", headers=STAFF)
        assert seen.status_code == 200 and "secret" not in seen.json()
        problem(await stack.notify.get("/api/v1/webhooks/999999", headers=NNCB), 404)

        answer = await stack.docs.post("/api/v1/incoming", json=incoming(unit="NNCB"), headers=STAFF)

        async def queued() -> bool:
            return len((await stack.notify.get("/api/v1/deliveries", headers=NNCB)).json()["items"]) == 1

        await eventually(queued)
        [delivery] = (await stack.notify.get("/api/v1/deliveries", headers=NNCB)).json()["items"]
        assert (await stack.notify.get("/api/v1/deliveries", headers=LZCB)).json()["items"] == []
        problem(await stack.notify.post(f"/api/v1/deliveries/{delivery['id']}/retry", headers=LZCB), 404)
        problem(await stack.notify.post(f"/api/v1/deliveries/{delivery['id']}/retry", headers=NNCB), 409)
        problem(
            await stack.notify.get("/api/v1/subscriptions/nats", params={"unit": "NNCB"}, headers=LZCB), 403
        )
        mine = await stack.notify.get("/api/v1/subscriptions/nats", headers=NNCB)
        assert mine.json() == {
            "unit": "NNCB",
            "stream": "UNITS",
            "subjects": "units.NNCB.>",
            "consumer": "unit_NNCB",
            "inbox_prefix": "_INBOX.unit_NNCB",
        }


async def test_a_repeated_idempotency_key_registers_one_webhook(start_stack: Any) -> None:
    async with start_stack("notify", **LOCAL_RECEIVERS) as stack:
        headers = {**NNCB, "Idempotency-Key": "hook-1"}
        first = await stack.notify.post("/api/v1/webhooks", json=HOOK, headers=headers)
        second = await stack.notify.post("/api/v1/webhooks", json=HOOK, headers=headers)
        assert first.status_code == second.status_code == 201
        assert first.json() == second.json()
        assert len((await stack.notify.get("/api/v1/webhooks", headers=NNCB)).json()["items"]) == 1
