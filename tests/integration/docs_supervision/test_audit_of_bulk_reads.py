"""Every answer that carries a classified document is audited: lists, search, the ledger export."""

from typing import Any

import pytest
from sqlalchemy import event

from tests.integration.docs.support import draft
from tests.integration.docs_supervision.support import STAFF
from tests.integration.test_incoming_slice import incoming
from tests.support import token

AUDITOR = token(sub="audrey", roles=("auditor",), clearance="top_secret")
BOB = token(sub="bob", clearance="secret")


@pytest.fixture
async def docs(start_stack: Any) -> Any:
    async with start_stack("docs") as stack:
        yield stack


async def register(stack: Any, **fields: Any) -> dict[str, Any]:
    answer = await stack.docs.post("/api/v1/incoming", json=incoming(**fields), headers=STAFF)
    assert answer.status_code == 201, answer.text
    return answer.json()  # type: ignore[no-any-return]


async def audit_log(stack: Any) -> list[tuple[str, str, str, str | None]]:
    """(reader, document kind, document id, route) of every audit row, oldest first."""
    answer = await stack.docs.get("/api/v1/audit", params={"limit": 200}, headers=AUDITOR)
    assert answer.status_code == 200, answer.text
    return [(e["reader"], e["document_kind"], e["document_id"], e["route"]) for e in answer.json()["items"]]


async def test_list_pages_and_search_audit_each_classified_document_they_answer(docs: Any) -> None:
    secret = await register(docs, title="关于防汛物资的密件", classification="secret")
    await register(docs, title="关于防汛工作的通知")
    confidential = await register(docs, title="防汛预案", classification="confidential")

    listed = await docs.docs.get("/api/v1/incoming", headers=STAFF)
    assert len(listed.json()["items"]) == 3
    found = await docs.docs.get("/api/v1/incoming", params={"q": "密件"}, headers=BOB)
    assert [d["id"] for d in found.json()["items"]] == [secret["id"]]
    first_page = await docs.docs.get("/api/v1/incoming", params={"limit": 1}, headers=BOB)
    assert [d["id"] for d in first_page.json()["items"]] == [secret["id"]]
    nothing_classified = await docs.docs.get("/api/v1/incoming", params={"q": "通知"}, headers=BOB)
    assert len(nothing_classified.json()["items"]) == 1

    assert await audit_log(docs) == [
        ("alice", "incoming", secret["id"], "GET /incoming"),
        ("alice", "incoming", confidential["id"], "GET /incoming"),
        ("bob", "incoming", secret["id"], "GET /incoming"),  # the search
        ("bob", "incoming", secret["id"], "GET /incoming"),  # the first page only
    ]
    single = await docs.docs.get(f"/api/v1/incoming/{confidential['id']}", headers=STAFF)
    assert single.status_code == 200
    assert (await audit_log(docs))[-1] == (
        "alice",
        "incoming",
        confidential["id"],
        "GET /incoming/{incoming_id}",
    )


async def test_the_ledger_export_audits_each_classified_row_it_holds(docs: Any) -> None:
    secret = await register(docs, classification="secret", received_at="2021-05-01T09:00:00+08:00")
    await register(docs, received_at="2021-06-01T09:00:00+08:00")
    await register(docs, classification="top_secret")  # another year: not in the export
    exported = await docs.docs.get("/api/v1/ledgers/incoming", params={"year": 2021}, headers=BOB)
    assert exported.status_code == 200
    assert await audit_log(docs) == [("bob", "incoming", secret["id"], "GET /ledgers/incoming")]


async def test_outgoing_lists_carry_no_body_and_are_audited(docs: Any) -> None:
    secret = await draft(docs, headers=STAFF, classification="secret", secrecy_period="1年")
    plain = await draft(docs, headers=STAFF)
    listed = await docs.docs.get("/api/v1/outgoing", headers=BOB)
    items = listed.json()["items"]
    assert [d["id"] for d in items] == [secret["id"], plain["id"]]
    assert all("body" not in d for d in items)
    assert items[0]["title"] == secret["title"]
    single = await docs.docs.get(f"/api/v1/outgoing/{secret['id']}", headers=BOB)
    assert single.json()["body"] == secret["body"] != ""
    assert await audit_log(docs) == [
        ("bob", "outgoing", secret["id"], "GET /outgoing"),
        ("bob", "outgoing", secret["id"], "GET /outgoing/{outgoing_id}"),
    ]


async def test_a_page_of_classified_documents_is_audited_in_one_insert(docs: Any) -> None:
    for n in range(5):
        await register(docs, title=f"密件{n}", classification="secret")
    inserts: list[str] = []

    def seen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO AUDIT_LOG"):
            inserts.append(statement)

    engine = docs.apps["docs"].state.engine.sync_engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        listed = await docs.docs.get("/api/v1/incoming", headers=STAFF)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert len(listed.json()["items"]) == 5
    assert len(inserts) == 1
    assert len(await audit_log(docs)) == 5
