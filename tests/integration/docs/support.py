"""What the outgoing and materials tests share: callers, a draft that passes the check, the stream."""

import json
from typing import Any

import nats

from tests.support import token

STAFF = token(clearance="top_secret")
REVIEWER = token(sub="bob", clearance="top_secret")  # not the drafter: 职责分离
LEADER = token(sub="lead", roles=("leader",), clearance="top_secret")
PROBLEM = "application/problem+json"

BODY = (
    "南宁市局、柳州市局：\n"
    "　　为做好2022年安全生产工作，现将有关事项通知如下。\n"
    "　　一、检查范围\n"
    "　　（一）办公区域。\n"
    "　　二、工作要求\n"
    "　　1．高度重视。\n"
    "\n"
    "　　附件：1．检查表\n"
    "　　　　　2．联系人名单\n"
)


def outgoing(**overrides: Any) -> dict[str, Any]:
    """A notice that the format check passes without findings."""
    body = {
        "title": "关于开展2022年安全生产检查的通知",
        "kind": "notice",
        "issuer_code": "X厅办发",
        "drafting_unit": "GO",
        "main_recipients": ["南宁市局", "LZCB"],
        "cc_recipients": ["省应急管理厅", "ITC"],
        "classification": "none",
        "urgency": "normal",
        "body": BODY,
        "attachments": [{"title": "检查表"}, {"title": "联系人名单"}],
    }
    return {**body, **overrides}


async def draft(stack: Any, headers: dict[str, str] = STAFF, **fields: Any) -> dict[str, Any]:
    answer = await stack.docs.post("/api/v1/outgoing", json=outgoing(**fields), headers=headers)
    assert answer.status_code == 201, answer.text
    return answer.json()  # type: ignore[no-any-return]


async def act(
    stack: Any, doc_id: str, action: str, headers: dict[str, str] = STAFF, **body: Any
) -> dict[str, Any]:
    # no body at all when there is nothing to say: `at` and the rest are optional
    answer = await stack.docs.post(f"/api/v1/outgoing/{doc_id}/{action}", json=body or None, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()  # type: ignore[no-any-return]


async def approved(stack: Any, **fields: Any) -> dict[str, Any]:
    """A draft taken through submit and approve, ready to sign."""
    doc = await draft(stack, **fields)
    await act(stack, doc["id"], "submit")
    return await act(stack, doc["id"], "approve", REVIEWER)


async def published(nats_url: str, prefix: str = "office.docs.") -> list[tuple[str, dict[str, Any]]]:
    """(subject, envelope) of every event in the OFFICE stream under `prefix`, in stream order."""
    connection = await nats.connect(nats_url)
    try:
        js = connection.jetstream()
        try:
            info = await js.stream_info("OFFICE")
        except nats.js.errors.NotFoundError:
            return []
        found: list[tuple[str, dict[str, Any]]] = []
        if not info.state.messages:
            return found
        for seq in range(max(info.state.first_seq, 1), info.state.last_seq + 1):
            message = await js.get_msg("OFFICE", seq)
            subject = message.subject or ""
            if subject.startswith(prefix):
                assert message.data is not None
                found.append((subject, json.loads(message.data)))
        return found
    finally:
        await connection.close()
