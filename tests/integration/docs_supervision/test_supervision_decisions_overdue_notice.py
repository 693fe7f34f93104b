"""Meeting decisions become items (once), the overdue watch flags late items once, the monthly notice."""

from datetime import date, datetime
from typing import Any

import nats

from services.docs.supervision import jobs
from shared.contracts import envelope_for
from shared.contracts.meetings import DecisionRecorded
from tests.integration.docs_supervision.support import NANNING, STAFF, item, published
from tests.support import eventually

BY_OFFICE: dict[str, Any] = {"actor": "secretary", "actor_unit": "GO", "actor_roles": ("staff",)}


async def publish_decision(nats_url: str, decision: DecisionRecorded) -> None:
    """What meetings publishes for a decision in minutes, published twice (a redelivery)."""
    envelope = envelope_for(decision, subject=decision.id, unit=decision.assignee_unit, **BY_OFFICE)
    connection = await nats.connect(nats_url)
    try:
        js = connection.jetstream()

        async def stream_ready() -> bool:
            try:
                await js.stream_info("OFFICE")
                return True
            except nats.js.errors.NotFoundError:
                return False

        await eventually(stream_ready)
        for _ in range(2):
            await js.publish(
                DecisionRecorded.subject(),
                envelope.model_dump_json().encode(),
                headers={"Nats-Msg-Id": envelope.id},
            )
        # a second envelope for the same decision (a republish by meetings) creates nothing either
        twin = envelope_for(decision, subject=decision.id, unit=decision.assignee_unit, **BY_OFFICE)
        await js.publish(
            DecisionRecorded.subject(), twin.model_dump_json().encode(), headers={"Nats-Msg-Id": twin.id}
        )
    finally:
        await connection.close()


async def test_a_meeting_decision_becomes_one_item_for_its_unit(start_stack: Any, nats_server: Any) -> None:
    decision = DecisionRecorded(
        id="dec0001",
        meeting_id="mtg0001",
        meeting_title="全省安全生产调度会",
        organizer_unit="GO",
        title="各市局于国庆前完成隐患排查",
        assignee_unit="NNCB",
        due=date(2022, 9, 30),
        recorded_at=datetime.fromisoformat("2022-09-05T11:00:00+08:00"),
    )
    async with start_stack("docs") as stack:
        await publish_decision(nats_server.url, decision)

        async def created() -> bool:
            return bool((await stack.docs.get("/api/v1/supervision", headers=NANNING)).json()["items"])

        await eventually(created)

        async def announced() -> bool:
            return bool(await published(nats_server.url, "office.docs.supervision.created"))

        await eventually(announced)
        items = (await stack.docs.get("/api/v1/supervision", headers=STAFF)).json()["items"]
        assert len(items) == 1
        made = items[0]
        assert (made["source"], made["source_ref"], made["decision_id"]) == ("meeting", "mtg0001", "dec0001")
        assert (made["assignee_unit"], made["due"], made["title"]) == ("NNCB", "2022-09-30", decision.title)
        assert made["created_at"] == "2022-09-05T11:00:00+08:00"
        events = await published(nats_server.url, "office.docs.supervision.created")
        assert len(events) == 1
        assert events[0][1]["unit"] == "NNCB"
        assert events[0][1]["data"]["source_ref"] == "mtg0001"


async def test_the_overdue_watch_flags_a_late_item_once(start_stack: Any, nats_server: Any) -> None:
    async with start_stack("docs", supervision_scan_s=0.1) as stack:
        late = await item(stack, due="2022-09-30")
        on_holiday = await item(stack, due="2022-10-03")  # deadline 2022-10-08, a 调休 Saturday
        # not yet due when the loop first sees it, and done before: never flagged
        done = await item(stack, due="2099-12-31")
        await stack.docs.post(f"/api/v1/supervision/{done['id']}/complete", json={}, headers=STAFF)

        async def flagged() -> bool:
            got = await stack.docs.get(f"/api/v1/supervision/{on_holiday['id']}", headers=STAFF)
            return bool(got.json()["overdue"])

        await eventually(flagged)
        first = (await stack.docs.get(f"/api/v1/supervision/{late['id']}", headers=STAFF)).json()
        assert first["overdue"] is True
        assert first["overdue_at"] == "2022-10-01T00:00:00+08:00"
        second = (await stack.docs.get(f"/api/v1/supervision/{on_holiday['id']}", headers=STAFF)).json()
        assert second["overdue_at"] == "2022-10-09T00:00:00+08:00"
        assert (await stack.docs.get(f"/api/v1/supervision/{done['id']}", headers=STAFF)).json()[
            "overdue"
        ] is False
        await jobs.scan_once(stack.apps["docs"])  # later scans flag nothing again

        async def out() -> bool:
            return len(await published(nats_server.url, "office.docs.supervision.overdue")) >= 2

        await eventually(out)
        overdue = await published(nats_server.url, "office.docs.supervision.overdue")
        assert sorted(e["subject"] for _, e in overdue) == sorted([late["id"], on_holiday["id"]])
        # completing the late item is not on time and publishes no second overdue event
        finished = await stack.docs.post(
            f"/api/v1/supervision/{late['id']}/complete",
            json={"at": "2022-10-10T09:00:00+08:00"},
            headers=STAFF,
        )
        assert finished.json()["on_time"] is False
        assert len(await published(nats_server.url, "office.docs.supervision.overdue")) == 2


async def test_the_overdue_list_judges_by_working_days(start_stack: Any) -> None:
    async with start_stack("docs") as stack:
        before_holiday = await item(stack, due="2022-09-30")
        in_holiday = await item(stack, due="2022-10-05")  # deadline 2022-10-08

        async def overdue_on(day: str) -> set[str]:
            params = {"overdue": "true", "as_of": day}
            page = (await stack.docs.get("/api/v1/supervision", params=params, headers=STAFF)).json()
            return {i["id"] for i in page["items"]}

        assert await overdue_on("2022-09-30") == set()
        assert await overdue_on("2022-10-01") == {before_holiday["id"]}
        assert await overdue_on("2022-10-08") == {before_holiday["id"]}
        assert await overdue_on("2022-10-09") == {before_holiday["id"], in_holiday["id"]}
        not_late = (
            await stack.docs.get(
                "/api/v1/supervision", params={"overdue": "false", "as_of": "2022-10-08"}, headers=STAFF
            )
        ).json()
        assert [i["id"] for i in not_late["items"]] == [in_holiday["id"]]


async def test_the_monthly_notice_counts_each_unit(start_stack: Any, nats_server: Any) -> None:
    async with start_stack("docs") as stack:
        # Nanning: one done on time in September, one done late in September, one open and late, one open
        on_time = await item(stack, due="2022-09-20", at="2022-09-01T09:00:00+08:00")
        done_late = await item(stack, due="2022-09-10", at="2022-09-01T09:00:00+08:00")
        still_late = await item(stack, due="2022-09-15", at="2022-09-01T09:00:00+08:00")
        await item(stack, due="2022-10-20", at="2022-09-25T09:00:00+08:00")
        # Liuzhou: assigned in August, completed in September; one assigned in October (not counted)
        august = await item(stack, assignee_unit="LZCB", due="2022-09-30", at="2022-08-10T09:00:00+08:00")
        await item(stack, assignee_unit="LZCB", due="2022-10-30", at="2022-10-08T09:00:00+08:00")
        for done, when in ((on_time, "2022-09-19"), (done_late, "2022-09-14"), (august, "2022-09-02")):
            answer = await stack.docs.post(
                f"/api/v1/supervision/{done['id']}/complete",
                json={"at": f"{when}T10:00:00+08:00"},
                headers=STAFF,
            )
            assert answer.status_code == 200, answer.text
        await stack.docs.post(
            f"/api/v1/supervision/{still_late['id']}/complete",
            json={"at": "2022-10-09T10:00:00+08:00"},
            headers=STAFF,
        )
        notice = await stack.docs.post(
            "/api/v1/supervision/notices", json={"year": 2022, "month": 9}, headers=STAFF
        )
        assert notice.status_code == 201, notice.text
        rows = {r["unit"]: r for r in notice.json()["rows"]}
        assert rows["NNCB"] == {
            "unit": "NNCB",
            "created": 4,
            "done": 2,
            "done_late": 1,
            "open": 2,
            "overdue": 1,
        }
        assert rows["LZCB"] == {
            "unit": "LZCB",
            "created": 0,
            "done": 1,
            "done_late": 0,
            "open": 0,
            "overdue": 0,
        }
        again = await stack.docs.post(
            "/api/v1/supervision/notices", json={"year": 2022, "month": 9}, headers=STAFF
        )
        assert again.status_code == 409
        fetched = await stack.docs.get("/api/v1/supervision/notices/2022/9", headers=NANNING)
        assert fetched.json() == notice.json()
        assert (await stack.docs.get("/api/v1/supervision/notices/2022/8", headers=STAFF)).status_code == 404
        assert (
            await stack.docs.post(
                "/api/v1/supervision/notices", json={"year": 2022, "month": 13}, headers=STAFF
            )
        ).status_code == 422
        assert (
            await stack.docs.post(
                "/api/v1/supervision/notices", json={"year": 2022, "month": 8}, headers=NANNING
            )
        ).status_code == 403

        async def out() -> bool:
            return bool(await published(nats_server.url, "office.docs.supervision_notice.published"))

        await eventually(out)
        (_, event), *_ = await published(nats_server.url, "office.docs.supervision_notice.published")
        assert (event["data"]["year"], event["data"]["month"]) == (2022, 9)
        assert event["data"]["rows"] == notice.json()["rows"]
