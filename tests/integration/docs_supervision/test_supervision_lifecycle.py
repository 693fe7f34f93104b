"""The supervision ledger through REST: create, progress, urge, complete; events on the stream."""

from typing import Any

import pytest

from tests.integration.docs_supervision.support import (
    LIUZHOU,
    NANNING,
    PROBLEM,
    STAFF,
    item,
    outbox_count,
    published,
    supervision,
)
from tests.support import eventually, token


@pytest.fixture
async def docs(start_stack: Any) -> Any:
    async with start_stack("docs") as stack:
        yield stack


async def test_an_item_is_progressed_urged_and_completed_with_an_event_each(
    docs: Any, nats_server: Any
) -> None:
    created = await item(docs)
    assert created["status"] == "open"
    assert created["deadline"] == "2022-09-30"
    assert created["year"] == 2022
    path = f"/api/v1/supervision/{created['id']}"
    progressed = await docs.docs.post(
        f"{path}/progress",
        json={"note": "已召开专题会部署", "at": "2022-09-10T10:00:00+08:00"},
        headers=STAFF,  # the office records a unit's past progress; a liaison may not backdate
    )
    assert progressed.status_code == 200, progressed.text
    assert progressed.json()["progress_count"] == 1
    for _ in range(2):
        urged = await docs.docs.post(f"{path}/urge", json={"at": "2022-09-20T10:00:00+08:00"}, headers=STAFF)
        assert urged.status_code == 200, urged.text
    assert urged.json()["urge_count"] == 2
    done = await docs.docs.post(f"{path}/complete", json={"at": "2022-09-29T16:00:00+08:00"}, headers=STAFF)
    assert done.status_code == 200, done.text
    body = done.json()
    assert (body["status"], body["on_time"], body["overdue"]) == ("completed", True, False)
    assert [h["kind"] for h in body["history"]] == ["progress", "urge", "urge"]
    again = await docs.docs.post(f"{path}/complete", headers=NANNING)
    assert again.status_code == 409
    assert again.headers["content-type"] == PROBLEM
    assert (await docs.docs.post(f"{path}/progress", json={"note": "x"}, headers=NANNING)).status_code == 409
    assert (await docs.docs.post(f"{path}/urge", headers=STAFF)).status_code == 409

    async def all_out() -> bool:
        return len(await published(nats_server.url, "office.docs.supervision.")) == 5

    await eventually(all_out)
    events = await published(nats_server.url, "office.docs.supervision.")
    assert [s for s, _ in events] == [
        "office.docs.supervision.created",
        "office.docs.supervision.progressed",
        "office.docs.supervision.urged",
        "office.docs.supervision.urged",
        "office.docs.supervision.completed",
    ]
    assert {e["unit"] for _, e in events} == {"NNCB"}
    created_event = events[0][1]["data"]
    assert created_event["source"] == "instruction"
    assert created_event["created_at"].startswith("2022-09-01T01:00:00")
    completed = events[-1][1]["data"]
    assert completed["on_time"] is True
    assert completed["completed_at"].startswith("2022-09-29T08:00:00")


async def test_a_unit_sees_and_reports_only_its_own_items(docs: Any) -> None:
    ours = await item(docs)
    theirs = await item(docs, assignee_unit="LZCB")
    listed = (await docs.docs.get("/api/v1/supervision", headers=NANNING)).json()
    assert [i["id"] for i in listed["items"]] == [ours["id"]]
    assert (await docs.docs.get(f"/api/v1/supervision/{theirs['id']}", headers=NANNING)).status_code == 404
    for action, body in (("progress", {"note": "代报"}), ("complete", None)):
        foreign = await docs.docs.post(
            f"/api/v1/supervision/{theirs['id']}/{action}", json=body, headers=NANNING
        )
        assert foreign.status_code == 404, foreign.text  # as the read: nothing tells it exists
        assert "LZCB" not in foreign.text
    # an auditor who is also a liaison sees LZCB's item, but may not act for LZCB
    reading = token(sub="nn2", unit="NNCB", roles=("liaison", "auditor"), clearance="top_secret")
    assert (await docs.docs.get(f"/api/v1/supervision/{theirs['id']}", headers=reading)).status_code == 200
    seen = await docs.docs.post(
        f"/api/v1/supervision/{theirs['id']}/progress", json={"note": "代报"}, headers=reading
    )
    assert seen.status_code == 403
    assert (
        await docs.docs.get("/api/v1/supervision", params={"unit": "LZCB"}, headers=NANNING)
    ).status_code == 403
    by_unit = (await docs.docs.get("/api/v1/supervision", params={"unit": "LZCB"}, headers=STAFF)).json()
    assert [i["id"] for i in by_unit["items"]] == [theirs["id"]]
    own = await docs.docs.post(
        f"/api/v1/supervision/{theirs['id']}/progress", json={"note": "进展"}, headers=LIUZHOU
    )
    assert own.status_code == 200


async def test_only_office_staff_create_and_urge(docs: Any) -> None:
    created = await docs.docs.post("/api/v1/supervision", json=supervision(), headers=NANNING)
    assert created.status_code == 403
    mine = await item(docs)
    assert (
        await docs.docs.post(f"/api/v1/supervision/{mine['id']}/urge", headers=NANNING)
    ).status_code == 403
    assert (await docs.docs.post("/api/v1/supervision", json=supervision())).status_code == 401
    assert (await docs.docs.get("/api/v1/supervision")).status_code == 401
    assert (await docs.docs.get(f"/api/v1/supervision/{mine['id']}")).status_code == 401


async def test_due_in_working_days_skips_the_national_day_holiday(docs: Any) -> None:
    # assigned Thu 2022-09-29: Fri 30 is day 1, 10-01..07 are holidays,
    # Sat 10-08 and Sun 10-09 are 调休 working days
    created = await item(docs, due=None, due_working_days=3, at="2022-09-29T09:00:00+08:00")
    assert (created["due"], created["deadline"], created["due_working_days"]) == (
        "2022-10-09",
        "2022-10-09",
        3,
    )
    on_holiday = await item(docs, due="2022-10-03", at="2022-09-29T09:00:00+08:00")
    assert on_holiday["deadline"] == "2022-10-08"


BAD = [
    ("title", ""),
    ("title", "督" * 201),
    ("source", "rumour"),
    ("assignee_unit", "XXCB"),
    ("due", "2022-13-01"),
    ("due", "2022-08-01"),  # before the day of assignment
    ("due_working_days", 0),
    ("at", "2999-01-01T00:00:00+08:00"),
    ("surprise", 1),
]


@pytest.mark.parametrize(("field", "value"), BAD)
async def test_bad_input_is_422_naming_the_field_and_stores_nothing(
    docs: Any, field: str, value: Any
) -> None:
    answer = await docs.docs.post("/api/v1/supervision", json=supervision(**{field: value}), headers=STAFF)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == PROBLEM
    assert field in {e["field"] for e in answer.json()["errors"]}
    assert (await docs.docs.get("/api/v1/supervision", headers=STAFF)).json()["items"] == []
    assert await outbox_count(docs) == 0


async def test_due_and_working_days_are_exclusive(docs: Any) -> None:
    both = await docs.docs.post("/api/v1/supervision", json=supervision(due_working_days=3), headers=STAFF)
    neither = await docs.docs.post("/api/v1/supervision", json=supervision(due=None), headers=STAFF)
    assert both.status_code == neither.status_code == 422
    assert both.json()["errors"][0]["field"] == "due"


async def test_bad_progress_and_queries_are_422(docs: Any) -> None:
    created = await item(docs)
    path = f"/api/v1/supervision/{created['id']}"
    assert (await docs.docs.post(f"{path}/progress", json={"note": ""}, headers=NANNING)).status_code == 422
    early = await docs.docs.post(f"{path}/complete", json={"at": "2022-08-01T09:00:00+08:00"}, headers=STAFF)
    assert early.status_code == 422
    assert early.json()["errors"][0]["field"] == "at"
    for params in ({"overdue": "maybe"}, {"status": "lost"}, {"as_of": "x"}, {"limit": 0}):
        assert (await docs.docs.get("/api/v1/supervision", params=params, headers=STAFF)).status_code == 422
    assert (await docs.docs.get("/api/v1/supervision/nope-", headers=STAFF)).status_code == 422
    fetched = (await docs.docs.get(path, headers=STAFF)).json()
    assert (fetched["status"], fetched["progress_count"]) == ("open", 0)
