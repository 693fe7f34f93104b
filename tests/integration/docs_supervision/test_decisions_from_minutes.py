"""Minutes make supervision items only as their recorder could: another unit's work needs the office.

meetings refuses the minutes (403, nothing stored); docs refuses a decision event whose actor
could not have made it (dead-lettered at once, with the reason), however it reached the stream.
"""

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from nats.js.errors import NotFoundError

from shared.contracts import envelope_for
from shared.contracts.meetings import DecisionRecorded
from tests.support import eventually, jetstream, stream_messages, token

ZONE = ZoneInfo("Asia/Shanghai")
NN = token(sub="nn", unit="NNCB", roles=("liaison",))
OFFICE = token(sub="secretary", unit="GO", roles=("staff",))
ADMIN = token(sub="ops", unit="GO", roles=("admin",))
SOON = datetime.now(ZONE).date() + timedelta(days=30)
OTHERS = [
    {"title": "柳州市局完成隐患整改", "assignee_unit": "LZCB", "due": SOON.isoformat()},
    {"title": "办公室汇总整改情况", "assignee_unit": "GO", "due": SOON.isoformat()},
]


@pytest.fixture
async def stack(start_stack: Any) -> Any:
    async with start_stack("meetings", "docs") as started:
        yield started


async def nn_meeting(stack: Any) -> str:
    """A meeting the Nanning bureau organises tomorrow (no room: held at the bureau)."""
    start = datetime.now(ZONE).replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=1)
    body = {"title": "南宁市局安全生产专题会", "kind": "dispatch", "organizer_unit": "NNCB",
            "start": start.isoformat(), "end": (start + timedelta(hours=2)).isoformat()}  # fmt: skip
    answer = await stack.meetings.post("/api/v1/meetings", json=body, headers=NN)
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


async def minutes(
    stack: Any, meeting_id: str, decisions: list[dict[str, Any]], headers: dict[str, str]
) -> Any:
    body = {"summary": "会议研究了隐患整改工作。", "decisions": decisions}
    return await stack.meetings.post(f"/api/v1/meetings/{meeting_id}/minutes", json=body, headers=headers)


async def items(stack: Any) -> list[dict[str, Any]]:
    return (await stack.docs.get("/api/v1/supervision", headers=OFFICE)).json()["items"]  # type: ignore[no-any-return]


async def items_come(stack: Any, count: int) -> list[dict[str, Any]]:
    async def arrived() -> bool:
        return len(await items(stack)) >= count

    await eventually(arrived)
    return await items(stack)


async def test_a_liaisons_minutes_naming_other_units_are_403_and_the_office_makes_both_items(
    stack: Any,
) -> None:
    meeting_id = await nn_meeting(stack)
    refused = await minutes(stack, meeting_id, OTHERS, NN)
    assert refused.status_code == 403, refused.text
    assert "LZCB" in refused.json()["detail"]
    assert (await stack.meetings.get(f"/api/v1/meetings/{meeting_id}/minutes", headers=NN)).status_code == 404

    recorded = await minutes(stack, meeting_id, OTHERS, OFFICE)
    assert recorded.status_code == 201, recorded.text
    made = await items_come(stack, 2)
    assert sorted((i["assignee_unit"], i["title"], i["created_by"]) for i in made) == [
        ("GO", "办公室汇总整改情况", "secretary"),
        ("LZCB", "柳州市局完成隐患整改", "secretary"),
    ]
    assert {i["source_ref"] for i in made} == {meeting_id}


async def test_a_liaison_still_gives_its_own_unit_work_in_its_own_minutes(stack: Any) -> None:
    meeting_id = await nn_meeting(stack)
    own = [{"title": "南宁市局完成自查", "assignee_unit": "NNCB", "due": SOON.isoformat()}]
    assert (await minutes(stack, meeting_id, own, NN)).status_code == 201
    (made,) = await items_come(stack, 1)
    assert (made["assignee_unit"], made["created_by"], made["due"]) == ("NNCB", "nn", SOON.isoformat())


async def test_a_due_date_already_past_when_recorded_is_422_and_stores_nothing(stack: Any) -> None:
    held = datetime.now(ZONE).replace(hour=9, minute=0, second=0, microsecond=0) - timedelta(days=10)
    body = {"title": "办公室周例会", "kind": "office_affairs", "organizer_unit": "GO",
            "start": held.isoformat(), "end": (held + timedelta(hours=1)).isoformat()}  # fmt: skip
    meeting_id = (await stack.meetings.post("/api/v1/meetings", json=body, headers=OFFICE)).json()["id"]
    three_days_ago = (datetime.now(ZONE).date() - timedelta(days=3)).isoformat()
    late = [{"title": "补报材料", "assignee_unit": "GO", "due": three_days_ago}]
    answer = await minutes(stack, meeting_id, late, OFFICE)
    assert answer.status_code == 422, answer.text
    assert [e["field"] for e in answer.json()["errors"]] == ["decisions.0.due"]
    assert (
        await stack.meetings.get(f"/api/v1/meetings/{meeting_id}/minutes", headers=OFFICE)
    ).status_code == 404
    # entered after the fact, as recorded the day after the meeting, the same due date was still ahead
    after = {"summary": "纪要", "decisions": late, "at": (held + timedelta(days=1)).isoformat()}
    entered = await stack.meetings.post(f"/api/v1/meetings/{meeting_id}/minutes", json=after, headers=OFFICE)
    assert entered.status_code == 201, entered.text


def decision(number: int, assignee: str) -> DecisionRecorded:
    return DecisionRecorded(
        id=f"forged-{number}",
        meeting_id="mtg-nn",
        meeting_title="南宁市局安全生产专题会",
        organizer_unit="NNCB",
        title=f"{assignee} 限期整改",
        assignee_unit=assignee,
        due=date.today() + timedelta(days=30),
        recorded_at=datetime.now(ZONE),
    )


async def stream_ready(nats_url: str) -> None:
    async def made() -> bool:
        try:
            return await stream_messages(nats_url) >= 0
        except NotFoundError:
            return False

    await eventually(made)


async def publish(nats_url: str, data: DecisionRecorded, **actor: Any) -> str:
    """Straight onto the stream, as anyone holding NATS credentials could."""
    envelope = envelope_for(data, subject=data.id, unit=data.assignee_unit, **actor)
    async with jetstream(nats_url) as js:
        await js.publish(
            DecisionRecorded.subject(),
            envelope.model_dump_json().encode(),
            headers={"Nats-Msg-Id": envelope.id},
        )
    return envelope.id


async def test_a_forged_decision_event_is_dead_lettered_by_docs_with_its_reason(
    start_stack: Any, nats_server: Any
) -> None:
    async with start_stack("docs") as stack:
        await stream_ready(nats_server.url)
        liaison = {"actor": "nn", "actor_unit": "NNCB", "actor_roles": ("liaison",)}
        other_unit = await publish(nats_server.url, decision(1, "LZCB"), **liaison)
        unsaid = await publish(nats_server.url, decision(2, "GO"), actor="nn")  # says nothing of its actor
        await publish(nats_server.url, decision(3, "NNCB"), **liaison)  # what the liaison may do

        async def letters() -> list[dict[str, Any]]:
            answer = await stack.docs.get("/api/v1/admin/dead-letters", headers=ADMIN)
            return answer.json()["items"]  # type: ignore[no-any-return]

        async def two_letters() -> bool:
            return len(await letters()) >= 2

        await eventually(two_letters)
        (made,) = await items_come(stack, 1)
        assert (made["decision_id"], made["assignee_unit"]) == ("forged-3", "NNCB")
        refused = {letter["event_id"]: letter for letter in await letters()}
        assert [(letter["consumer"], letter["tries"]) for letter in refused.values()] == [("docs", 1)] * 2
        assert "nn（NNCB，liaison）不能为 LZCB 确定督办事项" in refused[other_unit]["error"]
        assert "未写明记录人的单位和角色" in refused[unsaid]["error"]
        assert len(await items(stack)) == 1
