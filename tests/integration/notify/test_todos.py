"""The to-do list (待办): work lands on a unit (or the office's reviewers and signers) and leaves it
when done, once, whatever the order and number of deliveries; the digest goes out once per working day."""

from datetime import date, datetime
from pathlib import Path
from typing import Any

from services.notify.app import create_app
from services.notify.models import CalendarYear
from services.notify.todos.service import send_digest
from shared import calendar
from shared.contracts.docs import IncomingCompleted
from shared.db import transaction
from shared.envelope import Envelope, utcnow
from tests.integration.conftest import running, settings_for
from tests.integration.docs.support import LEADER, REVIEWER, act, draft
from tests.integration.notify.helpers import STAFF, TZ, Bus, assigned, incoming, liaison, sent
from tests.support import Databases, NatsServer, eventually, token

NNCB, LZCB = liaison("NNCB"), liaison("LZCB")
DIGEST = "office.notify.todo.digested.v1"


async def todos(client: Any, headers: dict[str, str], status: str = "open") -> list[dict[str, Any]]:
    answer = await client.get("/api/v1/todos", headers=headers, params={"status": status, "limit": 200})
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]  # type: ignore[no-any-return]


async def until(client: Any, headers: dict[str, str], status: str, count: int) -> list[dict[str, Any]]:
    """Wait until the caller has `count` items in this state; answers them."""

    async def there() -> bool:
        return len(await todos(client, headers, status)) == count

    await eventually(there)
    return await todos(client, headers, status)


async def until_steps(
    client: Any, headers: dict[str, str], status: str, steps: list[str]
) -> list[dict[str, Any]]:
    """Wait until the caller's items in this state are these steps; answers them."""

    async def there() -> bool:
        return sorted(i["step"] for i in await todos(client, headers, status)) == steps

    await eventually(there)
    return await todos(client, headers, status)


def completed(doc_id: str, due: date) -> IncomingCompleted:
    return IncomingCompleted(
        id=doc_id, reg_no=f"收-{doc_id}", classification="none", lead_unit="NNCB", due=due,
        completed_at=utcnow(), on_time=True,
    )  # fmt: skip


def replayed(envelope: Envelope) -> Envelope:
    """The same event published again under a new id (a replay from an outbox or the stream)."""
    return envelope.model_copy(update={"id": f"{envelope.id}-again"})


async def test_an_assigned_document_is_the_lead_units_item_until_it_is_completed(start_stack: Any) -> None:
    async with start_stack("docs", "notify") as stack:
        doc = (await stack.docs.post("/api/v1/incoming", json=incoming(), headers=STAFF)).json()
        assign = {
            "lead_unit": "NNCB",
            "assist_units": ["LZCB"],
            "due": "2022-03-15",
            "at": "2022-03-02T09:00:00+08:00",
        }
        path = f"/api/v1/incoming/{doc['id']}"
        assert (await stack.docs.post(f"{path}/assign", json=assign, headers=STAFF)).status_code == 200

        [item] = await until(stack.notify, NNCB, "open", 1)
        assert item["title"] == f"收文办理：{doc['reg_no']}"
        assert (item["record_id"], item["due"], item["overdue"], item["unit"]) == (
            doc["id"], "2022-03-15", True, "NNCB"
        )  # fmt: skip
        assert await todos(stack.notify, LZCB) == []  # assisting units are not the ones chased
        assert len(await todos(stack.notify, STAFF, "open")) == 0  # GO's own list
        office_view = await stack.notify.get("/api/v1/todos", headers=STAFF, params={"unit": "NNCB"})
        assert [i["id"] for i in office_view.json()["items"]] == [item["id"]]

        assert (await stack.docs.post(f"{path}/complete", headers=NNCB)).status_code == 200
        [done] = await until(stack.notify, NNCB, "done", 1)
        assert (done["id"], done["outcome"], done["overdue"]) == (item["id"], "completed", False)
        assert await todos(stack.notify, NNCB) == []


async def test_a_draft_waits_on_the_reviewers_then_on_a_leader_to_sign(start_stack: Any) -> None:
    async with start_stack("docs", "notify") as stack:
        doc = await draft(stack)
        await act(stack, doc["id"], "submit")
        [review] = await until(stack.notify, STAFF, "open", 1)
        assert (review["step"], review["role"], review["unit"]) == ("review", "reviewer", "GO")
        assert review["title"] == "发文审核：X厅办发（GO）"
        assert [i["id"] for i in await todos(stack.notify, LEADER)] == [review["id"]]
        assert await todos(stack.notify, liaison("GO")) == []  # a liaison does not review

        await act(stack, doc["id"], "approve", REVIEWER)
        [sign] = await until_steps(stack.notify, LEADER, "open", ["sign"])
        assert (sign["step"], sign["title"]) == ("sign", "发文签发：X厅办发（GO）")
        assert await until(stack.notify, STAFF, "open", 0) == []  # staff review, leaders sign
        await act(stack, doc["id"], "sign", headers=LEADER)
        await until(stack.notify, LEADER, "open", 0)
        done = await until_steps(stack.notify, LEADER, "done", ["review", "sign"])
        assert sorted((i["step"], i["outcome"]) for i in done) == [("review", "approved"), ("sign", "signed")]


async def test_redelivery_replay_and_a_late_opening_change_nothing(
    start_stack: Any, nats_server: NatsServer
) -> None:
    async with start_stack("notify") as stack, Bus(nats_server.url) as bus:
        due = date(2022, 3, 15)
        opened = sent(assigned("doc-a", due), days_ago=2, unit="GO", subject="doc-a")
        closed = sent(completed("doc-a", due), days_ago=1, unit="NNCB", subject="doc-a")
        for envelope in (opened, opened, replayed(opened), closed, closed):
            await bus.publish(envelope)
        await until(stack.notify, NNCB, "done", 1)
        # the whole history again, under new ids, and the opening once more, last
        for envelope in (replayed(closed), replayed(replayed(opened))):
            await bus.publish(envelope)
        # the completion of doc-b comes before its assignment
        await bus.publish(sent(completed("doc-b", due), days_ago=1, unit="NNCB", subject="doc-b"))
        await bus.publish(sent(assigned("doc-b", due), days_ago=2, unit="GO", subject="doc-b"))
        # a witness that the events before it were handled: doc-c, opened last
        await bus.publish(sent(assigned("doc-c", due), days_ago=0.5, unit="GO", subject="doc-c"))
        [witness] = await until(stack.notify, NNCB, "open", 1)
        assert witness["record_id"] == "doc-c"
        done = await todos(stack.notify, NNCB, "done")
        assert [i["record_id"] for i in done] == ["doc-a"]


async def test_wrong_callers_and_bad_parameters(start_stack: Any) -> None:
    async with start_stack("notify") as stack:
        assert (await stack.notify.get("/api/v1/todos")).status_code == 401
        forged = {"Authorization": "Bearer not.a.token"}
        assert (await stack.notify.get("/api/v1/todos", headers=forged)).status_code == 401
        other = await stack.notify.get("/api/v1/todos", headers=NNCB, params={"unit": "LZCB"})
        assert other.status_code == 403 and "其他单位" in other.json()["detail"]
        for params in ({"status": "all"}, {"limit": 0}, {"unit": "NOPE"}, {"colour": "red"}):
            answer = await stack.notify.get("/api/v1/todos", headers=STAFF, params=params)
            assert answer.status_code == 422, (params, answer.text)
            assert answer.headers["content-type"].startswith("application/problem+json")
        cors = await stack.notify.get("/api/v1/todos", headers={**STAFF, "Origin": "http://127.0.0.1:8106"})
        assert cors.headers["access-control-allow-origin"] == "http://127.0.0.1:8106"
        elsewhere = await stack.notify.get(
            "/api/v1/todos", headers={**STAFF, "Origin": "http://evil.example"}
        )
        assert "access-control-allow-origin" not in elsewhere.headers


def at(day: str, hour: int) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=TZ)


async def digest(app: Any, moment: datetime) -> int:
    """One round of the digest job at `moment` (the job's own clock is now)."""
    settings = app.state.settings
    async with transaction(app.state.factory) as session:
        office = await calendar.load(session, CalendarYear, settings.holidays_file)
        return await send_digest(session, now=moment, calendar=office, hour=settings.todo_digest_hour, tz=TZ)


async def digests(client: Any, headers: dict[str, str]) -> list[dict[str, Any]]:
    answer = await client.get("/api/v1/inbox", headers=headers, params={"limit": 500})
    return [i for i in answer.json()["items"] if i["event_type"] == DIGEST and i["data"]["day"] < "2023"]


async def test_the_morning_digest_goes_out_once_per_working_day_and_never_on_a_holiday(
    databases: Databases, nats_server: NatsServer, tmp_path: Path
) -> None:
    settings = settings_for(
        "notify", database_url=await databases.new("notify"), nats_url=nats_server.url, data_dir=tmp_path,
        todo_digest_hour=8,
    )  # fmt: skip
    app = create_app(settings)
    async with running(app) as client, Bus(nats_server.url) as bus:
        await bus.publish(sent(assigned("doc-a", date(2022, 10, 10)), days_ago=3, subject="doc-a"))
        await bus.publish(sent(assigned("doc-b", date(2022, 9, 30)), days_ago=3, subject="doc-b"))
        await until(client, NNCB, "open", 2)

        assert await digest(app, at("2022-10-01", 9)) == 0  # 国庆节
        assert await digest(app, at("2022-10-10", 7)) == 0  # before the hour
        assert await digest(app, at("2022-10-10", 9)) == 1
        assert await digest(app, at("2022-10-10", 15)) == 0  # once a day

        async def told() -> bool:
            return len(await digests(client, NNCB)) == 1

        await eventually(told)
        [note] = await digests(client, NNCB)
        assert note["title"] == (
            "今日待办 2 项（今日到期 1 项，已超期 1 项）："
            "收文办理：收-doc-b（已超期 2022年9月30日）；收文办理：收-doc-a（今日到期 2022年10月10日）"
        )
        assert note["kind"] == "unit" and await digests(client, LZCB) == []

    app = create_app(settings)
    async with running(app) as client:  # a restart: the day is still claimed
        assert await digest(app, at("2022-10-10", 10)) == 0
        assert await digest(app, at("2022-10-08", 9)) == 1  # a Saturday made a working day (调休)
        await eventually(lambda: _count(client, 2))
        assert sorted(n["data"]["day"] for n in await digests(client, NNCB)) == ["2022-10-08", "2022-10-10"]


async def _count(client: Any, expected: int) -> bool:
    return len(await digests(client, NNCB)) == expected


async def test_the_digest_follows_a_year_an_admin_enters_in_docs(
    start_stack: Any, nats_server: NatsServer
) -> None:
    year = 2098  # neither shipped nor the tests' own 2099
    notice = {
        "holidays": [{"date": f"{year}-01-{d:02d}", "name": "元旦"} for d in (1, 2, 3)],
        "workdays": [f"{year}-01-04"],  # a Saturday
        "source": f"国办发明电〔{year - 1}〕1号",
    }
    async with start_stack("docs", "notify") as stack, Bus(nats_server.url) as bus:
        app = stack.apps["notify"]
        await bus.publish(sent(assigned("doc-a", date(year, 1, 6)), days_ago=1, subject="doc-a"))
        await until(stack.notify, NNCB, "open", 1)
        assert await digest(app, at(f"{year}-01-04", 9)) == 0  # a year nobody entered: no working day known
        admin = token(sub="root", roles=("admin",))
        assert (
            await stack.docs.put(f"/api/v1/calendar/{year}", json=notice, headers=admin)
        ).status_code == 201

        async def kept() -> bool:
            async with app.state.factory() as session:
                return await session.get(CalendarYear, year) is not None

        await eventually(kept)
        assert await digest(app, at(f"{year}-01-02", 9)) == 0  # 元旦, a Thursday
        assert await digest(app, at(f"{year}-01-04", 9)) == 1  # the make-up Saturday
