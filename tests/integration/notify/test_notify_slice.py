"""What concerns a unit reaches it: the inbox of its people, and its own subjects on stream UNITS."""

import json
from datetime import date
from typing import Any, ClassVar

import httpx

from shared.contracts.base import EventData
from tests.integration.notify import helpers
from tests.integration.notify.helpers import STAFF, Bus, event, incoming, liaison, served
from tests.support import NatsServer, eventually, token


class SomethingNew(EventData):
    """A type notify has never heard of."""

    service: ClassVar[str] = "logistics"
    entity: ClassVar[str] = "boiler"
    action: ClassVar[str] = "inspected"

    id: str


async def inbox(stack: Any, headers: dict[str, str], **params: Any) -> list[dict[str, Any]]:
    answer = await stack.notify.get("/api/v1/inbox", headers=headers, params=params)
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]  # type: ignore[no-any-return]


async def test_a_registered_document_reaches_its_units_inbox_and_subjects(
    start_stack: Any, nats_server: NatsServer
) -> None:
    async with start_stack("docs", "notify") as stack, Bus(nats_server.url) as bus:
        answer = await stack.docs.post("/api/v1/incoming", json=incoming(unit="NNCB"), headers=STAFF)
        assert answer.status_code == 201, answer.text
        doc = answer.json()
        nncb = liaison("NNCB")

        async def arrived() -> bool:
            return len(await inbox(stack, nncb)) == 1

        await eventually(arrived)
        [item] = await inbox(stack, nncb)
        assert item["kind"] == "unit" and item["unit"] == "NNCB"
        assert item["event_type"] == "office.docs.incoming.registered.v1"
        assert item["title"] == f"收文登记：{doc['reg_no']} 关于开展安全生产大检查的通知"
        assert item["record_id"] == doc["id"] and item["read_at"] is None
        assert await inbox(stack, liaison("LZCB")) == []

        [message] = await bus.unit_messages("NNCB", at_least=1)
        assert message.subject == "units.NNCB.docs.incoming.registered"
        envelope = json.loads(message.data)
        assert message.headers is not None and message.headers["Nats-Msg-Id"] == envelope["id"]
        assert envelope["subject"] == doc["id"] and envelope["unit"] == "NNCB"
        assert item["event_id"] == envelope["id"]


async def test_read_marks_are_per_person_and_counted(start_stack: Any) -> None:
    async with start_stack("docs", "notify") as stack:
        for _ in range(3):
            assert (
                await stack.docs.post("/api/v1/incoming", json=incoming(), headers=STAFF)
            ).status_code == 201
        alice, bob = token(sub="alice"), token(sub="bob")

        async def arrived() -> bool:
            return len(await inbox(stack, alice)) == 3

        await eventually(arrived)
        first = (await inbox(stack, alice))[0]
        answer = await stack.notify.post(f"/api/v1/inbox/{first['id']}/read", headers=alice)
        assert answer.status_code == 200, answer.text
        assert answer.json()["read_at"] is not None
        again = await stack.notify.post(f"/api/v1/inbox/{first['id']}/read", headers=alice)
        assert again.json()["read_at"] == answer.json()["read_at"]

        counts = await stack.notify.get("/api/v1/inbox/unread-count", headers=alice)
        assert counts.json() == {"unread": 2, "personal": 0, "unit": 2}
        counts = await stack.notify.get("/api/v1/inbox/unread-count", headers=bob)
        assert counts.json()["unread"] == 3
        assert [i["id"] for i in await inbox(stack, alice, unread="true")] == [
            i["id"] for i in (await inbox(stack, alice))[1:]
        ]
        assert [i["id"] for i in await inbox(stack, alice, unread="false")] == [first["id"]]


async def test_an_assignment_tells_the_lead_and_assisting_units_and_each_gets_its_own_copy(
    start_stack: Any, nats_server: NatsServer
) -> None:
    assigned = event(
        helpers.assigned(
            "d1", date(2022, 3, 10), reg_no="收〔2022〕7号", lead_unit="LZCB", assist_units=["GLCB"]
        ),
        unit="GO",
    )
    async with start_stack("notify") as stack, Bus(nats_server.url) as bus:
        await bus.publish(assigned)
        await bus.publish(assigned)  # a relay that published twice

        async def arrived() -> bool:
            return len(await inbox(stack, liaison("GLCB"))) == 1

        await eventually(arrived)
        for unit in ("GO", "LZCB", "GLCB"):
            headers = STAFF if unit == "GO" else liaison(unit)
            [item] = await inbox(stack, headers)
            assert item["title"] == "收文交办：收〔2022〕7号，办理期限 2022年3月10日"
            [message] = await bus.unit_messages(unit, at_least=1, within=2)
            assert message.subject == f"units.{unit}.docs.incoming.assigned"
            expected_id = assigned.id if unit == "GO" else f"{assigned.id}@{unit}"
            assert message.headers is not None and message.headers["Nats-Msg-Id"] == expected_id
            assert json.loads(message.data)["id"] == assigned.id


async def test_an_unknown_type_is_republished_to_its_unit_but_not_put_in_an_inbox(
    start_stack: Any, nats_server: NatsServer
) -> None:
    async with start_stack("notify") as stack, Bus(nats_server.url) as bus:
        await bus.publish(event(SomethingNew(id="b1"), unit="SVC"))
        [message] = await bus.unit_messages("SVC", at_least=1)
        assert message.subject == "units.SVC.logistics.boiler.inspected"
        assert await inbox(stack, liaison("SVC")) == []


async def test_the_live_stream_yields_a_new_notification(start_stack: Any) -> None:
    async with start_stack("docs", "notify", sse_poll_s=0.05) as stack, served(stack.apps["notify"]) as url:
        headers = liaison("NNCB")
        async with (
            httpx.AsyncClient(base_url=url, timeout=10) as client,
            client.stream("GET", "/api/v1/inbox/stream", headers=headers) as stream,
        ):
            assert stream.status_code == 200
            assert stream.headers["content-type"].startswith("text/event-stream")
            lines = stream.aiter_lines()
            assert await anext(lines) == "event: unread"
            assert json.loads((await anext(lines)).removeprefix("data: "))["unread"] == 0
            answer = await stack.docs.post("/api/v1/incoming", json=incoming(unit="NNCB"), headers=STAFF)
            assert answer.status_code == 201
            frame: list[str] = []
            async for line in lines:
                if line == "" and frame:
                    break
                if line:
                    frame.append(line)
        fields = dict(line.split(": ", 1) for line in frame)
        assert fields["event"] == "notification"
        item = json.loads(fields["data"])
        assert fields["id"] == str(item["id"]) and item["record_id"] == answer.json()["id"]


class MeetingNoticed(EventData):
    service: ClassVar[str] = "meetings"
    entity: ClassVar[str] = "meeting"
    action: ClassVar[str] = "noticed"

    id: str
    title: str
    attendees: list[str]


async def test_a_person_named_in_an_event_gets_it_in_person(
    start_stack: Any, nats_server: NatsServer
) -> None:
    async with start_stack("notify") as stack, Bus(nats_server.url) as bus:
        await bus.publish(event(MeetingNoticed(id="m1", title="防汛调度会", attendees=["bob"]), unit="GO"))
        bob, alice = token(sub="bob", unit="NNCB"), token(sub="alice")

        async def arrived() -> bool:
            return len(await inbox(stack, bob)) == 1

        await eventually(arrived)
        [personal] = await inbox(stack, bob)
        assert personal["kind"] == "user" and personal["title"].startswith("会议通知：防汛调度会")
        counts = await stack.notify.get("/api/v1/inbox/unread-count", headers=bob)
        assert counts.json() == {"unread": 1, "personal": 1, "unit": 0}
        [for_the_unit] = await inbox(stack, alice)
        assert for_the_unit["kind"] == "unit" and for_the_unit["event_id"] == personal["event_id"]
