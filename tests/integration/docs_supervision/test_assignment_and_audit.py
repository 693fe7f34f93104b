"""Incoming assignment (传办): who sees what, completion, urging; the audit of classified reads."""

from typing import Any

import pytest

from tests.integration.docs.support import draft
from tests.integration.docs_supervision.support import (
    LIUZHOU,
    NANNING,
    PROBLEM,
    STAFF,
    outbox_count,
    published,
)
from tests.integration.test_incoming_slice import incoming
from tests.support import eventually, token

AUDITOR = token(sub="audrey", roles=("auditor",), clearance="top_secret")
BEIHAI = token(sub="bh", unit="BHCB", roles=("liaison",), clearance="top_secret")


@pytest.fixture
async def docs(start_stack: Any) -> Any:
    async with start_stack("docs") as stack:
        yield stack


async def register(stack: Any, **fields: Any) -> dict[str, Any]:
    answer = await stack.docs.post("/api/v1/incoming", json=incoming(**fields), headers=STAFF)
    assert answer.status_code == 201, answer.text
    return answer.json()  # type: ignore[no-any-return]


def assignment(**overrides: Any) -> dict[str, Any]:
    body = {
        "lead_unit": "NNCB",
        "assist_units": ["LZCB"],
        "due": "2022-03-15",
        "at": "2022-03-02T09:00:00+08:00",
    }
    return {**body, **overrides}


async def test_assigned_units_see_the_document_and_the_lead_completes_it(docs: Any, nats_server: Any) -> None:
    doc = await register(docs)
    await register(docs, title="与南宁无关的来文")
    path = f"/api/v1/incoming/{doc['id']}"
    assert (await docs.docs.get(path, headers=NANNING)).status_code == 404
    assigned = await docs.docs.post(f"{path}/assign", json=assignment(), headers=STAFF)
    assert assigned.status_code == 200, assigned.text
    assert (assigned.json()["status"], assigned.json()["lead_unit"]) == ("assigned", "NNCB")
    for caller in (NANNING, LIUZHOU):
        listed = (await docs.docs.get("/api/v1/incoming", headers=caller)).json()["items"]
        assert [d["id"] for d in listed] == [doc["id"]]
        assert (await docs.docs.get(path, headers=caller)).status_code == 200
    assert (await docs.docs.get(path, headers=BEIHAI)).status_code == 404
    by_unit = (await docs.docs.get("/api/v1/incoming", params={"unit": "LZCB"}, headers=STAFF)).json()[
        "items"
    ]
    assert [d["id"] for d in by_unit] == [doc["id"]]
    # the assisting unit may not complete; the lead unit may
    assert (await docs.docs.post(f"{path}/complete", headers=LIUZHOU)).status_code == 403
    assert (
        await docs.docs.post(f"{path}/urge", json={"at": "2022-03-10T09:00:00+08:00"}, headers=STAFF)
    ).status_code == 409
    urged = await docs.docs.post(f"{path}/urge", json={"at": "2022-03-16T09:00:00+08:00"}, headers=STAFF)
    assert urged.status_code == 200, urged.text
    assert urged.json()["urge_count"] == 1
    reassigned = await docs.docs.post(
        f"{path}/assign", json=assignment(lead_unit="LZCB", assist_units=[]), headers=STAFF
    )
    assert reassigned.status_code == 200
    assert (await docs.docs.get(path, headers=NANNING)).status_code == 404
    backdated = await docs.docs.post(
        f"{path}/complete", json={"at": "2022-03-17T09:00:00+08:00"}, headers=LIUZHOU
    )
    assert backdated.status_code == 403  # only the office may set a past business time
    done = await docs.docs.post(f"{path}/complete", headers=LIUZHOU)
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "completed"
    assert (await docs.docs.post(f"{path}/complete", headers=LIUZHOU)).status_code == 409
    assert (await docs.docs.post(f"{path}/assign", json=assignment(), headers=STAFF)).status_code == 409
    completed = (
        await docs.docs.get("/api/v1/incoming", params={"status": "completed"}, headers=STAFF)
    ).json()
    assert [d["id"] for d in completed["items"]] == [doc["id"]]

    async def out() -> bool:
        return len(await published(nats_server.url, "office.docs.incoming.")) == 6

    await eventually(out)
    events = [
        (s.rsplit(".", 1)[1], e["unit"]) for s, e in await published(nats_server.url, "office.docs.incoming.")
    ]
    assert events[2:] == [
        ("assigned", "NNCB"),
        ("urged", "NNCB"),
        ("assigned", "LZCB"),
        ("completed", "LZCB"),
    ]


async def test_search_by_text_never_reveals_a_classified_document(docs: Any) -> None:
    await register(docs, title="关于防汛工作的通知")
    await register(docs, title="关于防汛物资的密件", classification="confidential")
    await register(docs, title="其他来文", source_org="省防汛办")
    uncleared = token(sub="bob", clearance="secret")

    async def found(headers: dict[str, str], q: str) -> int:
        page = await docs.docs.get("/api/v1/incoming", params={"q": q}, headers=headers)
        return len(page.json()["items"])

    assert await found(STAFF, "防汛") == 3
    assert await found(uncleared, "防汛") == 2
    assert await found(uncleared, "密件") == 0
    assert await found(STAFF, "收〔2022〕2") == 1
    assert await found(STAFF, "100%_") == 0


async def test_bad_assignment_is_422_and_changes_nothing(docs: Any) -> None:
    doc = await register(docs)
    path = f"/api/v1/incoming/{doc['id']}/assign"
    before = await outbox_count(docs)
    for body, field in [
        (assignment(lead_unit="XXCB"), "lead_unit"),
        (assignment(assist_units=["NNCB"]), "assist_units"),
        (assignment(assist_units=["ZZZ"]), "assist_units.0"),
        (assignment(due="2022-02-01"), "due"),
        (assignment(due="soon"), "due"),
        (assignment(at="2022-01-01T00:00:00+08:00"), "at"),
    ]:
        answer = await docs.docs.post(path, json=body, headers=STAFF)
        assert answer.status_code == 422, (body, answer.text)
        assert answer.headers["content-type"] == PROBLEM
        assert field in {e["field"] for e in answer.json()["errors"]}
    assert await outbox_count(docs) == before
    assert (await docs.docs.get(f"/api/v1/incoming/{doc['id']}", headers=STAFF)).json()[
        "status"
    ] == "registered"
    assert (await docs.docs.post(path, json=assignment(), headers=NANNING)).status_code in (403, 404)
    assert (await docs.docs.post(path, json=assignment())).status_code == 401
    assert (await docs.docs.post(f"/api/v1/incoming/{doc['id']}/complete", headers=STAFF)).status_code == 409


async def test_reads_of_classified_documents_are_audited_for_auditors_only(docs: Any) -> None:
    secret = await register(docs, classification="secret")
    plain = await register(docs)
    outgoing = await draft(docs, classification="confidential", secrecy_period="1年")
    assert (await docs.docs.get(f"/api/v1/incoming/{secret['id']}", headers=STAFF)).status_code == 200
    assert (await docs.docs.get(f"/api/v1/incoming/{plain['id']}", headers=STAFF)).status_code == 200
    assert (await docs.docs.get(f"/api/v1/outgoing/{outgoing['id']}", headers=STAFF)).status_code == 200
    uncleared = token(sub="bob", clearance="none")
    assert (await docs.docs.get(f"/api/v1/incoming/{secret['id']}", headers=uncleared)).status_code == 404
    assert (await docs.docs.get(f"/api/v1/outgoing/{outgoing['id']}", headers=uncleared)).status_code == 404
    assert (await docs.docs.get(f"/api/v1/incoming/{secret['id']}", headers=AUDITOR)).status_code == 200

    log = (await docs.docs.get("/api/v1/audit", headers=AUDITOR)).json()["items"]
    assert [(e["document_kind"], e["document_id"], e["classification"], e["reader"]) for e in log] == [
        ("incoming", secret["id"], "secret", "alice"),
        ("outgoing", outgoing["id"], "confidential", "alice"),
        ("incoming", secret["id"], "secret", "audrey"),
    ]
    by_doc = (
        await docs.docs.get("/api/v1/audit", params={"document": outgoing["id"]}, headers=AUDITOR)
    ).json()
    assert len(by_doc["items"]) == 1
    by_person = (await docs.docs.get("/api/v1/audit", params={"person": "audrey"}, headers=AUDITOR)).json()
    assert [e["reader"] for e in by_person["items"]] == ["audrey"]
    paged = (await docs.docs.get("/api/v1/audit", params={"limit": 2}, headers=AUDITOR)).json()
    assert len(paged["items"]) == 2 and paged["next_cursor"] is not None
    assert (await docs.docs.get("/api/v1/audit", headers=STAFF)).status_code == 403
    assert (await docs.docs.get("/api/v1/audit")).status_code == 401
    assert (await docs.docs.get("/api/v1/audit", params={"kind": "memo"}, headers=AUDITOR)).status_code == 422
