"""Refusals on outgoing documents: format errors, wrong states, wrong callers, bad input; nothing stored."""

from typing import Any

import pytest
from sqlalchemy import func, select

from shared.spine import OutboxEvent
from tests.integration.docs.support import (
    LEADER,
    PROBLEM,
    REVIEWER,
    STAFF,
    act,
    approved,
    draft,
    outgoing,
)
from tests.support import token

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
async def docs(start_stack: Any) -> Any:
    async with start_stack("docs") as stack:
        yield stack


async def event_count(stack: Any) -> int:
    async with stack.apps["docs"].state.factory() as session:
        return int(await session.scalar(select(func.count()).select_from(OutboxEvent)) or 0)


async def stored(stack: Any) -> tuple[int, int]:
    answer = await stack.docs.get("/api/v1/outgoing", headers=STAFF)
    return len(answer.json()["items"]), await event_count(stack)


async def test_submit_is_refused_with_the_findings_and_nothing_changes(docs: Any) -> None:
    doc = await draft(docs, title="关于开展安全检查的通知。", attachments=[{"title": "检查表"}])
    before = await event_count(docs)
    answer = await docs.docs.post(f"/api/v1/outgoing/{doc['id']}/submit", json={}, headers=STAFF)
    assert answer.status_code == 422
    assert answer.headers["content-type"] == PROBLEM
    problem = answer.json()
    codes = {f["code"] for f in problem["findings"]}
    assert {"TITLE_END_PUNCT", "ATTACHMENT_COUNT_MISMATCH"} <= codes
    assert {"title", "attachments"} <= {e["field"] for e in problem["errors"]}
    assert all(e["message"] for e in problem["errors"])
    assert await event_count(docs) == before
    again = (await docs.docs.get(f"/api/v1/outgoing/{doc['id']}", headers=STAFF)).json()
    assert again["status"] == "draft"
    assert again["submissions"] == 0


async def test_the_stored_check_keeps_its_findings_with_the_draft(docs: Any) -> None:
    doc = await draft(docs, kind="request", title="关于开展安全检查的请示", main_recipients=["省政府"])
    checked = await act(docs, doc["id"], "check")
    codes = [f["code"] for f in checked["findings"]]
    assert "SIGNER_MISSING" in codes
    assert "REQUEST_CLOSING" in codes
    assert (await docs.docs.get(f"/api/v1/outgoing/{doc['id']}", headers=STAFF)).json()[
        "findings"
    ] == checked["findings"]


async def test_a_request_with_a_signer_and_a_closing_is_submitted(docs: Any) -> None:
    body = (
        "省政府：\n　　为做好安全生产工作，拟开展专项检查。\n　　妥否，请批示。\n"
        "\n附件：1．检查表\n　　　2．联系人名单"
    )
    doc = await draft(
        docs,
        kind="request",
        title="关于开展安全生产专项检查的请示",
        main_recipients=["省政府"],
        cc_recipients=[],
        signer="张三",
        body=body,
    )
    submitted = await act(docs, doc["id"], "submit")
    assert submitted["status"] == "submitted"
    assert submitted["findings"] == []


WRONG = [
    ("draft", "approve"),
    ("draft", "return"),
    ("draft", "sign"),
    ("draft", "dispatch"),
    ("submitted", "submit"),
    ("submitted", "sign"),
    ("approved", "submit"),
    ("approved", "approve"),
    ("approved", "dispatch"),
    ("signed", "return"),
    ("signed", "sign"),
    ("signed", "check"),
    ("dispatched", "dispatch"),
    ("dispatched", "return"),
]


async def in_state(stack: Any, status: str) -> dict[str, Any]:
    doc = await draft(stack)
    steps = {"draft": [], "submitted": ["submit"], "approved": ["submit", "approve"]}
    steps["signed"] = [*steps["approved"], "sign"]
    steps["dispatched"] = [*steps["signed"], "dispatch"]
    for step in steps[status]:
        who = {"sign": LEADER, "approve": REVIEWER}.get(step, STAFF)
        doc = await act(stack, doc["id"], step, headers=who)
    return doc


@pytest.mark.parametrize(("status", "action"), WRONG)
async def test_a_transition_from_the_wrong_state_is_409(docs: Any, status: str, action: str) -> None:
    doc = await in_state(docs, status)
    before = await event_count(docs)
    body = {"reason": "格式"} if action == "return" else {}
    headers = LEADER if action == "sign" else STAFF
    answer = await docs.docs.post(f"/api/v1/outgoing/{doc['id']}/{action}", json=body, headers=headers)
    assert answer.status_code == 409, answer.text
    assert answer.headers["content-type"] == PROBLEM
    assert answer.json()["status_now"] == status
    assert await event_count(docs) == before


async def test_a_revision_after_submission_is_409(docs: Any) -> None:
    doc = await in_state(docs, "submitted")
    answer = await docs.docs.put(f"/api/v1/outgoing/{doc['id']}", json=outgoing(), headers=STAFF)
    assert answer.status_code == 409


@pytest.mark.parametrize(
    "roles", [("staff",), ("admin",), ("staff", "admin"), ("auditor",)], ids=lambda r: "+".join(r)
)
async def test_only_a_leader_signs(docs: Any, roles: tuple[str, ...]) -> None:
    doc = await approved(docs)
    before = await event_count(docs)
    caller = token(sub="not-a-leader", roles=roles, clearance="top_secret")
    answer = await docs.docs.post(f"/api/v1/outgoing/{doc['id']}/sign", json={}, headers=caller)
    assert answer.status_code == 403
    assert answer.headers["content-type"] == PROBLEM
    assert await event_count(docs) == before
    still = (await docs.docs.get(f"/api/v1/outgoing/{doc['id']}", headers=STAFF)).json()
    assert (still["status"], still["doc_no"]) == ("approved", None)


async def test_a_unit_liaison_cannot_review_or_dispatch(docs: Any) -> None:
    liaison = token(sub="nn", unit="NNCB", roles=("liaison",))
    own = await draft(docs, headers=liaison, drafting_unit="NNCB")
    assert (await act(docs, own["id"], "submit", headers=liaison))["status"] == "submitted"
    answer = await docs.docs.post(f"/api/v1/outgoing/{own['id']}/approve", json={}, headers=liaison)
    assert answer.status_code == 403
    answer = await docs.docs.post("/api/v1/outgoing", json=outgoing(drafting_unit="LZCB"), headers=liaison)
    assert answer.status_code == 403


async def test_a_unit_sees_only_its_own_and_classified_drafts_need_clearance(docs: Any) -> None:
    ours = await draft(docs, drafting_unit="NNCB")
    await draft(docs, drafting_unit="LZCB")
    secret = await draft(docs, classification="confidential", secrecy_period="1年")
    nanning = token(sub="nn", unit="NNCB", roles=("liaison",))
    listed = (await docs.docs.get("/api/v1/outgoing", headers=nanning)).json()
    assert [d["id"] for d in listed["items"]] == [ours["id"]]
    uncleared = token(sub="bob", clearance="secret")
    assert (await docs.docs.get(f"/api/v1/outgoing/{secret['id']}", headers=uncleared)).status_code == 404
    answer = await docs.docs.post(f"/api/v1/outgoing/{secret['id']}/submit", json={}, headers=uncleared)
    assert answer.status_code == 404
    listed = (await docs.docs.get("/api/v1/outgoing", headers=uncleared)).json()
    assert secret["id"] not in [d["id"] for d in listed["items"]]


BAD_FIELDS = [
    ("title", ""),
    ("title", "标" * 201),
    ("title", None),
    ("kind", "memo"),
    ("issuer_code", ""),
    ("issuer_code", "X厅办发〔2022〕"),
    ("issuer_code", "X厅[办]发"),
    ("drafting_unit", "XXCB"),
    ("main_recipients", "南宁市局"),
    ("main_recipients", [""]),
    ("cc_recipients", ["单" * 101]),
    ("classification", "restricted"),
    ("urgency", "whenever"),
    ("secrecy_period", "年" * 21),
    ("attachments", [{"name": "x"}]),
    ("attachments", [{"title": ""}]),
    ("body", "正文\x00"),
    ("at", "not-a-time"),
    ("at", "2022-03-01T09:00:00"),
    ("at", "2999-01-01T00:00:00+08:00"),
    ("surprise", "an unknown field"),
]


@pytest.mark.parametrize(("field", "value"), BAD_FIELDS)
async def test_each_bad_field_is_named_and_nothing_is_stored(docs: Any, field: str, value: Any) -> None:
    answer = await docs.docs.post("/api/v1/outgoing", json=outgoing(**{field: value}), headers=STAFF)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == PROBLEM
    assert any(e["field"].split(".")[0] == field for e in answer.json()["errors"]), answer.json()
    assert await stored(docs) == (0, 0)


@pytest.mark.parametrize(
    ("action", "body", "field"),
    [
        ("return", {}, "reason"),
        ("return", {"reason": ""}, "reason"),
        ("return", {"reason": "理" * 501}, "reason"),
        ("submit", {"at": "yesterday"}, "at"),
        ("approve", {"surprise": 1}, "surprise"),
        ("dispatch", {"dispatched_at": "2022-03-01"}, "dispatched_at"),
    ],
)
async def test_bad_transition_input_is_422_and_changes_nothing(
    docs: Any, action: str, body: dict[str, Any], field: str
) -> None:
    doc = await in_state(docs, "submitted")
    before = await event_count(docs)
    answer = await docs.docs.post(f"/api/v1/outgoing/{doc['id']}/{action}", json=body, headers=STAFF)
    assert answer.status_code == 422, answer.text
    assert field in [e["field"] for e in answer.json()["errors"]]
    assert await event_count(docs) == before


async def test_dispatch_before_signing_time_is_422(docs: Any) -> None:
    doc = await in_state(docs, "approved")
    await act(docs, doc["id"], "sign", headers=LEADER, at="2022-03-02T10:00:00+08:00")
    answer = await docs.docs.post(
        f"/api/v1/outgoing/{doc['id']}/dispatch",
        json={"dispatched_at": "2022-03-01T10:00:00+08:00"},
        headers=STAFF,
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "dispatched_at"


async def test_an_unknown_document_is_404_and_a_malformed_id_422(docs: Any) -> None:
    assert (await docs.docs.get("/api/v1/outgoing/0123456789abcdef", headers=STAFF)).status_code == 404
    missing = await docs.docs.post("/api/v1/outgoing/0123456789abcdef/submit", json={}, headers=STAFF)
    assert missing.status_code == 404
    assert (await docs.docs.get(f"/api/v1/outgoing/{'x' * 33}", headers=STAFF)).status_code == 422


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/api/v1/outgoing"),
        ("POST", "/api/v1/outgoing/check"),
        ("GET", "/api/v1/outgoing"),
        ("GET", "/api/v1/outgoing/0123456789abcdef"),
        ("POST", "/api/v1/outgoing/0123456789abcdef/sign"),
    ],
)
async def test_without_a_token_it_is_401(docs: Any, method: str, path: str) -> None:
    answer = await docs.docs.request(method, path, json=outgoing())
    assert answer.status_code == 401
    assert answer.headers["content-type"] == PROBLEM
    assert await stored(docs) == (0, 0)


@pytest.mark.parametrize("params", [{"limit": 0}, {"year": "x"}, {"status": "lost"}, {"unit": "U" * 21}])
async def test_bad_list_parameters_are_422(docs: Any, params: dict[str, Any]) -> None:
    answer = await docs.docs.get("/api/v1/outgoing", params=params, headers=STAFF)
    assert answer.status_code == 422
    assert answer.headers["content-type"] == PROBLEM


async def test_the_format_check_answers_without_storing(docs: Any) -> None:
    body = outgoing(doc_no="X厅办发[2022]017号", signed_date="二〇二二年一月五日", title="")
    answer = await docs.docs.post("/api/v1/outgoing/check", json=body, headers=STAFF)
    assert answer.status_code == 200, answer.text
    result = answer.json()
    assert result["ok"] is False
    codes = {f["code"] for f in result["findings"]}
    assert {"DOCNO_BRACKETS", "DOCNO_LEADING_ZERO", "DATE_CN_NUMERALS", "TITLE_MISSING"} <= codes
    finding = next(f for f in result["findings"] if f["code"] == "DOCNO_BRACKETS")
    assert finding == {
        "code": "DOCNO_BRACKETS",
        "severity": "error",
        "field": "doc_no",
        "message": finding["message"],
        "where": None,  # a place in a .docx; a JSON body has none
    }
    assert "〔〕" in finding["message"]
    good = await docs.docs.post(
        "/api/v1/outgoing/check",
        json=outgoing(doc_no="X厅办发〔2022〕17号", signed_date="2022年1月5日"),
        headers=STAFF,
    )
    assert good.json() == {"ok": True, "findings": []}
    assert await stored(docs) == (0, 0)


@pytest.mark.parametrize(("field", "value"), [("kind", "memo"), ("doc_no", "号" * 81), ("body", 7)])
async def test_the_format_check_names_a_bad_field(docs: Any, field: str, value: Any) -> None:
    answer = await docs.docs.post("/api/v1/outgoing/check", json=outgoing(**{field: value}), headers=STAFF)
    assert answer.status_code == 422
    assert field in [e["field"] for e in answer.json()["errors"]]
