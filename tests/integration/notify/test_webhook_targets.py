"""Webhooks go only where they may: https to public addresses, or to what the operator allows.

A liaison once registered `http://127.0.0.1:8106/api/v1/admin/rebuild` and read the answers
in `GET /deliveries`. Now inward addresses are refused at registration and again before
each delivery, the request goes to the address that was checked (a DNS answer that changes
in between is never used), and a delivery's error names what failed, not what was answered.
"""

import itertools
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from alembic import command
from sqlalchemy import Table, insert, select
from sqlalchemy.ext.asyncio import create_async_engine

import services.notify
from services.notify.webhooks.models import Webhook, WebhookDelivery
from shared.envelope import utcnow
from shared.migrations import alembic_config, migrate
from tests.integration.notify.helpers import (
    LOCAL_RECEIVERS,
    STAFF,
    WebhookReceiver,
    certificates,
    incoming,
    liaison,
)
from tests.support import Databases, eventually

NNCB = liaison("NNCB")
QUICK = {"webhook_backoff_s": 0.05, "webhook_backoff_max_s": 0.1, "webhook_poll_s": 0.05}

INWARD = [
    "http://93.184.215.14/hook",  # plain http
    "https://127.0.0.1:8106/api/v1/admin/rebuild",
    "https://localhost/hook",  # a name that resolves to loopback
    "https://[::1]/hook",
    "https://10.1.2.3/hook",
    "https://172.16.0.1/hook",
    "https://192.168.1.1/hook",
    "https://[fd00::1]/hook",
    "https://169.254.169.254/latest/meta-data/",
    "https://[fe80::1]/hook",
    "https://100.64.0.1/hook",
    "https://224.0.0.1/hook",
    "https://[ff02::1]/hook",
    "https://0.0.0.0/hook",
    "https://[::]/hook",
    "https://240.0.0.1/hook",
    "https://255.255.255.255/hook",
    "https://[::ffff:127.0.0.1]/hook",
    "https://[::ffff:169.254.169.254]/hook",
    "https://[::ffff:10.0.0.1]/hook",
    "https://[64:ff9b::a00:1]/hook",  # NAT64 of 10.0.0.1
    "https://[2002:7f00:1::]/hook",  # 6to4 of 127.0.0.1
    "https://2130706433/hook",  # 127.0.0.1 as one number
    "https://0x7f.1/hook",
    "https://nowhere.invalid/hook",  # does not resolve
]


def problem(answer: Any, status: int) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    return answer.json()  # type: ignore[no-any-return]


async def register(stack: Any, url: str) -> Any:
    return await stack.notify.post(
        "/api/v1/webhooks", json={"url": url, "event_types": ["office.docs.>"]}, headers=NNCB
    )


async def deliveries(stack: Any, **params: Any) -> list[dict[str, Any]]:
    answer = await stack.notify.get("/api/v1/deliveries", params=params, headers=NNCB)
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]  # type: ignore[no-any-return]


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> Callable[[str, Iterator[str]], list[str]]:
    """`dns(name, answers)`: the name resolves to the next of `answers` at each lookup; answers
    the list of what it said. Other names resolve as usual."""
    real = socket.getaddrinfo
    names: dict[str, tuple[Iterator[str], list[str]]] = {}

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host  # anyio asks with bytes
        if name not in names:
            return real(host, port, *args, **kwargs)
        answers, said = names[name]
        said.append(next(answers))
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (said[-1], int(port)))]

    def fake(name: str, answers: Iterator[str]) -> list[str]:
        names[name] = (answers, [])
        return names[name][1]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return fake


async def test_an_inward_url_is_422_and_stores_nothing(start_stack: Any) -> None:
    async with start_stack("notify") as stack:
        for url in INWARD:
            body = problem(await register(stack, url), 422)
            assert body["errors"][0]["field"] == "url", (url, body)
        listed = await stack.notify.get("/api/v1/webhooks", headers=STAFF)
        assert listed.json()["items"] == []


async def test_public_addresses_and_the_allow_list_are_accepted(start_stack: Any) -> None:
    allowed = {"webhook_allow_hosts": ("10.20.0.0/16", "gw.nncb.example")}
    async with start_stack("notify", **allowed) as stack:
        for url in (
            "https://93.184.215.14/hook",
            "https://10.20.3.4:8443/hook",
            "https://[2001:4860::8888]/h",
        ):
            answer = await register(stack, url)
            assert answer.status_code == 201, (url, answer.text)
            assert answer.json()["url"] == url
        for url in ("https://10.21.0.1/hook", "http://10.20.3.4/hook", "https://127.0.0.1/hook"):
            problem(await register(stack, url), 422)
        listed = await stack.notify.get("/api/v1/webhooks", headers=NNCB)
        assert len(listed.json()["items"]) == 3


async def test_a_delivery_goes_to_the_checked_address_with_the_host_name(start_stack: Any, dns: Any) -> None:
    dns("oa.nncb.example", itertools.repeat("127.0.0.1"))
    receiver = WebhookReceiver()
    await receiver.start()
    settings = {**QUICK, "webhook_allow_http": True, "webhook_allow_hosts": ("oa.nncb.example",)}
    try:
        async with start_stack("docs", "notify", **settings) as stack:
            answer = await register(stack, f"http://oa.nncb.example:{receiver.port}/hook")
            assert answer.status_code == 201, answer.text
            await stack.docs.post("/api/v1/incoming", json=incoming(unit="NNCB"), headers=STAFF)

            async def delivered() -> bool:
                return len(await deliveries(stack, status="delivered")) == 1

            await eventually(delivered)
    finally:
        await receiver.stop()
    [request] = receiver.received
    assert request.headers["host"] == f"oa.nncb.example:{receiver.port}"


@pytest.mark.parametrize(("certified", "delivered"), [("oa.nncb.example", True), ("other.example", False)])
async def test_https_goes_to_the_checked_address_with_the_name_in_tls(
    start_stack: Any, dns: Any, tmp_path: Path, certified: str, delivered: bool
) -> None:
    dns("oa.nncb.example", itertools.repeat("127.0.0.1"))
    ca_file, tls = certificates(tmp_path, certified)
    receiver = WebhookReceiver(tls=tls)
    await receiver.start()
    settings = {
        **QUICK,
        "webhook_allow_hosts": ("oa.nncb.example",),
        "webhook_ca_file": ca_file,
        "webhook_max_attempts": 1,
    }
    try:
        async with start_stack("docs", "notify", **settings) as stack:
            answer = await register(stack, f"https://oa.nncb.example:{receiver.port}/hook")
            assert answer.status_code == 201, answer.text
            await stack.docs.post("/api/v1/incoming", json=incoming(unit="NNCB"), headers=STAFF)

            async def done() -> bool:
                return len(await deliveries(stack, status="delivered" if delivered else "dead")) == 1

            await eventually(done)
            [delivery] = await deliveries(stack)
    finally:
        await receiver.stop()
    if delivered:  # SNI and the certificate's check were of the name, not of the address
        [request] = receiver.received
        assert request.headers["host"] == f"oa.nncb.example:{receiver.port}"
    else:  # a certificate for another name is refused
        assert receiver.received == [] and delivery["last_error"] == "connect failed"


async def test_a_dns_answer_that_changes_after_the_check_is_never_used(start_stack: Any, dns: Any) -> None:
    # a rebinding name: an allowed address, then the inward one where the receiver listens, in turn
    said = dns("rebind.nncb.example", itertools.cycle(["127.0.0.2", "127.0.0.1"]))
    receiver = WebhookReceiver()
    await receiver.start()
    settings = {
        **QUICK,
        "webhook_allow_http": True,
        "webhook_allow_hosts": ("127.0.0.2",),
        "webhook_max_attempts": 6,
    }
    try:
        async with start_stack("docs", "notify", **settings) as stack:
            answer = await register(stack, f"http://rebind.nncb.example:{receiver.port}/hook")
            assert answer.status_code == 201, answer.text
            await stack.docs.post("/api/v1/incoming", json=incoming(unit="NNCB"), headers=STAFF)

            async def dead() -> bool:
                return len(await deliveries(stack, status="dead")) == 1

            await eventually(dead)
    finally:
        await receiver.stop()
    assert receiver.received == []
    assert said.count("127.0.0.1") >= 3  # each try was checked: the inward answers were refused


async def test_an_address_refused_since_registration_is_not_sent_to(start_stack: Any, dns: Any) -> None:
    dns("moved.nncb.example", itertools.chain(["93.184.215.14"], itertools.repeat("127.0.0.1")))
    receiver = WebhookReceiver()
    await receiver.start()
    settings = {**QUICK, "webhook_allow_http": True, "webhook_max_attempts": 2}
    try:
        async with start_stack("docs", "notify", **settings) as stack:
            answer = await register(stack, f"http://moved.nncb.example:{receiver.port}/hook")
            assert answer.status_code == 201, answer.text
            await stack.docs.post("/api/v1/incoming", json=incoming(unit="NNCB"), headers=STAFF)

            async def dead() -> bool:
                return len(await deliveries(stack, status="dead")) == 1

            await eventually(dead)
            [letter] = await deliveries(stack, status="dead")
    finally:
        await receiver.stop()
    assert receiver.received == []
    assert (letter["last_error"], letter["last_status"], letter["attempts"]) == ("address refused", None, 2)


async def test_a_delivery_error_says_what_failed_and_never_what_was_answered(start_stack: Any) -> None:
    leaky = b"HTTP/1.1 500 Oops\r\nContent-Length: 22\r\nConnection: close\r\n\r\ninternal token s3cr3t!"
    elsewhere = WebhookReceiver()
    moved = (
        f"HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:{elsewhere.port}/x\r\nContent-Length: 0\r\n\r\n"
    )
    receivers = {
        "HTTP 500": WebhookReceiver(leaky),
        "HTTP 302": WebhookReceiver(moved.encode()),
        "timed out": WebhookReceiver(None),
        "connect failed": WebhookReceiver(),  # never started: nothing listens
    }
    for name, receiver in receivers.items():
        if name != "connect failed":
            await receiver.start()
    await elsewhere.start()
    settings = {**QUICK, **LOCAL_RECEIVERS, "webhook_max_attempts": 1, "webhook_timeout_s": 0.5}
    try:
        async with start_stack("docs", "notify", **settings) as stack:
            hooks = {}
            for name, receiver in receivers.items():
                answer = await register(stack, receiver.url)
                assert answer.status_code == 201, answer.text
                hooks[answer.json()["id"]] = name
            await stack.docs.post("/api/v1/incoming", json=incoming(unit="NNCB"), headers=STAFF)

            async def all_dead() -> bool:
                return len(await deliveries(stack, status="dead")) == len(receivers)

            await eventually(all_dead)
            letters = await deliveries(stack, status="dead")
    finally:
        for receiver in (*receivers.values(), elsewhere):
            await receiver.stop()
    assert {hooks[d["webhook_id"]]: d["last_error"] for d in letters} == {name: name for name in receivers}
    assert {hooks[d["webhook_id"]]: d["last_status"] for d in letters} == {
        "HTTP 500": 500,
        "HTTP 302": 302,
        "timed out": None,
        "connect failed": None,
    }
    assert elsewhere.received == []  # the redirect was not followed


async def test_the_migration_drops_the_answers_kept_before(databases: Databases) -> None:
    engine = create_async_engine(await databases.new("notify"))
    migrations = Path(services.notify.__file__).parent / "migrations"
    now = utcnow()
    try:
        async with engine.begin() as conn:
            await conn.run_sync(lambda c: command.upgrade(alembic_config(migrations, c), "0004"))
            await conn.execute(
                insert(cast(Table, Webhook.__table__)).values(
                    id=1, unit="NNCB", url="http://127.0.0.1:8106/", event_types=[">"], secret="s",
                    active=True, created_by="liaison-nncb", created_at=now,
                )
            )  # fmt: skip
            kept = [
                (500, "HTTP 500: internal token s3cr3t"),
                (None, "ReadTimeout('')"),
                (None, "ConnectError('x')"),
            ]
            for number, (status, error) in enumerate(kept, start=1):
                await conn.execute(
                    insert(cast(Table, WebhookDelivery.__table__)).values(
                        webhook_id=1, unit="NNCB", event_id=f"e{number}", event_type="t", payload="{}",
                        status="dead", attempts=1, next_attempt_at=now, created_at=now,
                        last_status=status, last_error=error,
                    )
                )  # fmt: skip
        await migrate(engine, migrations)
        async with engine.connect() as conn:
            query = select(WebhookDelivery.last_error).order_by(WebhookDelivery.event_id)
            errors = list((await conn.scalars(query)).all())
    finally:
        await engine.dispose()
    assert errors == ["HTTP 500", "timed out", "connect failed"]
