"""An outgoing document from draft to dispatch through REST, each step an event on the real nats-server."""

from typing import Any

import pytest

from tests.integration.docs.support import LEADER, REVIEWER, STAFF, act, draft, outgoing, published
from tests.support import NatsServer, eventually

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
async def docs(start_stack: Any) -> Any:
    async with start_stack("docs") as stack:
        yield stack


async def events_of(nats_server: NatsServer, doc_id: str, count: int) -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = []

    async def arrived() -> bool:
        nonlocal found
        found = [(s, e) for s, e in await published(nats_server.url) if e["subject"] == doc_id]
        return len(found) >= count

    await eventually(arrived)
    return found


async def test_a_document_goes_from_draft_to_dispatch_with_an_event_per_step(
    docs: Any, nats_server: NatsServer
) -> None:
    doc = await draft(docs, at="2022-03-01T09:00:00+08:00")
    assert doc["status"] == "draft"
    assert doc["doc_no"] is None
    checked = await act(docs, doc["id"], "check", at="2022-03-01T09:30:00+08:00")
    assert checked["findings"] == []
    assert checked["checked_at"] is not None
    assert (await act(docs, doc["id"], "submit"))["status"] == "submitted"
    assert (await act(docs, doc["id"], "approve", REVIEWER))["status"] == "approved"
    signed = await act(docs, doc["id"], "sign", headers=LEADER, at="2022-03-02T10:00:00+08:00")
    assert signed["status"] == "signed"
    assert signed["doc_no"] == "X厅办发〔2022〕1号"
    assert signed["signed_date"] == "2022年3月2日"
    assert signed["signed_by"] == "lead"
    sent = await act(docs, doc["id"], "dispatch", dispatched_at="2022-03-03T08:00:00+08:00")
    assert sent["status"] == "dispatched"
    assert sent["dispatched_at"] == "2022-03-03T08:00:00+08:00"

    again = (await docs.docs.get(f"/api/v1/outgoing/{doc['id']}", headers=STAFF)).json()
    assert again == sent

    events = await events_of(nats_server, doc["id"], 6)
    assert [s for s, _ in events] == [
        "office.docs.outgoing.drafted",
        "office.docs.outgoing.checked",
        "office.docs.outgoing.submitted",
        "office.docs.outgoing.approved",
        "office.docs.outgoing.signed",
        "office.docs.outgoing.dispatched",
    ]
    by_subject = {s: e for s, e in events}
    drafted = by_subject["office.docs.outgoing.drafted"]
    assert drafted["type"] == "office.docs.outgoing.drafted.v1"
    assert drafted["unit"] == "GO"
    assert drafted["actor"] == "alice"
    assert drafted["data"]["title"] == "关于开展2022年安全生产检查的通知"
    assert by_subject["office.docs.outgoing.checked"]["data"]["errors"] == 0
    signed_event = by_subject["office.docs.outgoing.signed"]["data"]
    assert signed_event["doc_no"] == "X厅办发〔2022〕1号"
    assert (signed_event["year"], signed_event["number"]) == (2022, 1)
    dispatched = by_subject["office.docs.outgoing.dispatched"]["data"]
    assert dispatched["dispatched_at"].startswith("2022-03-03T00:00:00")
    assert dispatched["drafting_unit"] == "GO"
    assert dispatched["doc_no"] == "X厅办发〔2022〕1号"
    assert dispatched["recipients"] == [
        {"name": "南宁市局", "role": "main", "unit": "NNCB", "group_units": []},
        {"name": "LZCB", "role": "main", "unit": "LZCB", "group_units": []},
        {"name": "省应急管理厅", "role": "cc", "unit": None, "group_units": []},
        {"name": "ITC", "role": "cc", "unit": "ITC", "group_units": []},
    ]
    assert dispatched["recipient_units"] == ["NNCB", "LZCB", "ITC"]


async def test_a_returned_draft_is_revised_resubmitted_and_every_return_counted(
    docs: Any, nats_server: NatsServer
) -> None:
    doc = await draft(docs)
    await act(docs, doc["id"], "submit")
    first = await act(
        docs, doc["id"], "return", reason="附件名称与正文不一致", at="2022-04-01T10:00:00+08:00"
    )
    assert first["status"] == "returned"
    assert first["return_count"] == 1
    revised = await docs.docs.put(
        f"/api/v1/outgoing/{doc['id']}", json=outgoing(title="关于开展安全生产大检查的通知"), headers=STAFF
    )
    assert revised.status_code == 200, revised.text
    assert revised.json()["title"] == "关于开展安全生产大检查的通知"
    assert (await act(docs, doc["id"], "submit"))["submissions"] == 2
    await act(docs, doc["id"], "approve", REVIEWER)
    second = await act(docs, doc["id"], "return", reason="领导要求补充数据", at="2022-04-05T10:00:00+08:00")
    assert second["return_count"] == 2
    assert second["approved_by"] is None
    assert [(r["reason"], r["returned_at"][:10]) for r in second["returns"]] == [
        ("附件名称与正文不一致", "2022-04-01"),
        ("领导要求补充数据", "2022-04-05"),
    ]
    await act(docs, doc["id"], "submit")
    await act(docs, doc["id"], "approve", REVIEWER)
    signed = await act(docs, doc["id"], "sign", headers=LEADER)
    assert signed["return_count"] == 2
    assert signed["status"] == "signed"

    events = await events_of(nats_server, doc["id"], 10)
    returns = [e["data"] for s, e in events if s == "office.docs.outgoing.returned"]
    assert [(r["reason"], r["return_count"]) for r in returns] == [
        ("附件名称与正文不一致", 1),
        ("领导要求补充数据", 2),
    ]
    assert returns[0]["returned_at"].startswith("2022-04-01T02:00:00")
    submissions = [e["data"]["submission"] for s, e in events if s == "office.docs.outgoing.submitted"]
    assert submissions == [1, 2, 3]


async def test_lists_filter_by_year_status_and_unit_and_page_with_a_cursor(docs: Any) -> None:
    ids = [(await draft(docs, at="2022-05-01T09:00:00+08:00"))["id"] for _ in range(4)]
    other = await draft(docs, drafting_unit="PER", at="2021-05-01T09:00:00+08:00")
    await act(docs, ids[0], "submit")
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"year": 2022, "limit": 3, **({"cursor": cursor} if cursor else {})}
        page = (await docs.docs.get("/api/v1/outgoing", params=params, headers=STAFF)).json()
        seen += [d["id"] for d in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ids
    submitted = (await docs.docs.get("/api/v1/outgoing?status=submitted", headers=STAFF)).json()
    assert [d["id"] for d in submitted["items"]] == [ids[0]]
    per = (await docs.docs.get("/api/v1/outgoing?unit=PER", headers=STAFF)).json()
    assert [d["id"] for d in per["items"]] == [other["id"]]


async def test_a_repeated_idempotency_key_signs_once(docs: Any) -> None:
    doc = await draft(docs)
    await act(docs, doc["id"], "submit")
    await act(docs, doc["id"], "approve", REVIEWER)
    headers = {**LEADER, "Idempotency-Key": "sign-1"}
    first = await docs.docs.post(f"/api/v1/outgoing/{doc['id']}/sign", json={}, headers=headers)
    again = await docs.docs.post(f"/api/v1/outgoing/{doc['id']}/sign", json={}, headers=headers)
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"


async def test_a_classified_documents_title_stays_out_of_the_event_stream(
    docs: Any, nats_server: NatsServer
) -> None:
    doc = await draft(docs, classification="secret", secrecy_period="1年")
    await act(docs, doc["id"], "submit")
    await act(docs, doc["id"], "approve", REVIEWER)
    await act(docs, doc["id"], "sign", headers=LEADER)
    await act(docs, doc["id"], "dispatch")
    events = await events_of(nats_server, doc["id"], 5)
    by_subject = {s: e["data"] for s, e in events}
    assert by_subject["office.docs.outgoing.drafted"]["title"] is None
    assert by_subject["office.docs.outgoing.dispatched"]["title"] is None
    assert by_subject["office.docs.outgoing.dispatched"]["classification"] == "secret"
    shown = (await docs.docs.get(f"/api/v1/outgoing/{doc['id']}", headers=STAFF)).json()
    assert shown["title"] == "关于开展2022年安全生产检查的通知"


async def test_the_drafter_cannot_approve_their_own_document(docs: Any) -> None:
    doc = await draft(docs)
    await act(docs, doc["id"], "submit")
    answer = await docs.docs.post(f"/api/v1/outgoing/{doc['id']}/approve", json={}, headers=STAFF)
    assert answer.status_code == 409
    assert answer.headers["content-type"] == "application/problem+json"
    assert "拟稿人不能审核本人拟制的公文" in answer.json()["detail"]
    assert answer.json()["rule"] == "drafter-approves"
    still = (await docs.docs.get(f"/api/v1/outgoing/{doc['id']}", headers=STAFF)).json()
    assert (still["status"], still["approved_by"]) == ("submitted", None)
    assert (await act(docs, doc["id"], "approve", REVIEWER))["approved_by"] == "bob"


async def test_a_one_person_office_may_relax_the_separation_of_duties(start_stack: Any) -> None:
    async with start_stack("docs", separation_of_duties=False) as stack:
        doc = await draft(stack)
        await act(stack, doc["id"], "submit")
        assert (await act(stack, doc["id"], "approve"))["approved_by"] == "alice"
