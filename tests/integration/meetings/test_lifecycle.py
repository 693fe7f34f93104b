"""A meeting's whole life through REST: schedule, notice, sign-in, minutes and their decisions."""

from datetime import UTC, datetime
from typing import Any

from tests.integration.meetings.conftest import Tap
from tests.integration.meetings.helpers import STAFF, act, schedule

DECISIONS = [
    {"title": "开展安全生产大检查", "assignee_unit": "SAF", "due": "2022-04-30"},
    {"title": "报送一季度经济运行分析", "assignee_unit": "ECO", "due": "2022-04-15"},
    {"title": "督促南宁市局整改隐患", "assignee_unit": "NNCB", "due": "2022-05-31"},
]
AFTER = "2022-04-01T09:00:00Z"  # the minutes of a 2022 meeting, entered after the fact (17:00 local)


async def test_a_meeting_goes_from_schedule_to_minutes_and_each_step_is_one_event(
    stack: Any, tap: Tap
) -> None:
    held = await schedule(stack, materials=["会议议程"])
    more = await act(stack, held["id"], "materials", {"titles": ["汇报材料", "参阅件"]})
    assert more.status_code == 200, more.text
    assert more.json()["materials"] == ["会议议程", "汇报材料", "参阅件"]
    assert held["status"] == "scheduled"
    assert held["year"] == 2022
    assert datetime.fromisoformat(held["start"]) == datetime(2022, 4, 1, 1, tzinfo=UTC)

    noticed = await act(
        stack, held["id"], "notice", {"note": "请准时参会", "at": "2022-03-30T10:00:00+08:00"}
    )
    assert noticed.status_code == 200, noticed.text
    assert noticed.json()["status"] == "notified"

    for person, unit in (("张三", "SAF"), ("李四", "NNCB")):
        signed = await act(stack, held["id"], "attendance", {"person": person, "unit": unit})
        assert signed.status_code == 201, signed.text
    on_leave = await act(stack, held["id"], "attendance", {"person": "王五", "status": "leave"})
    assert on_leave.status_code == 201
    listed = await stack.meetings.get(f"/api/v1/meetings/{held['id']}/attendance", headers=STAFF)
    assert [(a["person"], a["status"]) for a in listed.json()["items"]] == [
        ("张三", "present"),
        ("李四", "present"),
        ("王五", "leave"),
    ]

    minutes = await act(
        stack,
        held["id"],
        "minutes",
        {"summary": "会议研究了安全生产工作。", "decisions": DECISIONS, "at": AFTER},
    )
    assert minutes.status_code == 201, minutes.text
    assert [d["assignee_unit"] for d in minutes.json()["decisions"]] == ["SAF", "ECO", "NNCB"]
    again = await stack.meetings.get(f"/api/v1/meetings/{held['id']}/minutes", headers=STAFF)
    assert again.json() == minutes.json()
    read = await stack.meetings.get(f"/api/v1/meetings/{held['id']}", headers=STAFF)
    assert read.json()["status"] == "minuted"

    scheduled = await tap.wait("office.meetings.meeting.scheduled", 1)
    assert scheduled[0]["data"]["kind"] == "dispatch"
    assert scheduled[0]["data"]["organizer_unit"] == "GO"
    assert scheduled[0]["unit"] == "GO"
    notice = (await tap.wait("office.meetings.meeting.noticed", 1))[0]
    assert notice["data"]["attendees"] == ["张三", "李四"]
    assert notice["data"]["attendee_units"] == ["SAF", "NNCB"]
    assert datetime.fromisoformat(notice["time"]) == datetime(2022, 3, 30, 2, tzinfo=UTC)
    assert len(await tap.wait("office.meetings.attendance.recorded", 3)) == 3
    assert (await tap.wait("office.meetings.minutes.recorded", 1))[0]["data"]["decisions"] == 3
    assert (await tap.wait("office.meetings.materials.added", 1))[0]["data"]["titles"] == [
        "汇报材料",
        "参阅件",
    ]
    assert len(await tap.wait("office.meetings.decision.recorded", 3)) == 3
    # scheduled, materials, notice, 3 sign-ins, minutes, 3 decisions (the fixture's rooms aside)
    about_the_meeting = [s for s, _ in tap.seen if not s.startswith("office.meetings.room.")]
    assert len(about_the_meeting) == 1 + 1 + 1 + 3 + 1 + 3


async def test_minutes_with_three_decisions_publish_three_decisions_for_their_units(
    stack: Any, tap: Tap
) -> None:
    held = await schedule(stack)
    answer = await act(stack, held["id"], "minutes", {"summary": "纪要", "decisions": DECISIONS, "at": AFTER})
    assert answer.status_code == 201, answer.text
    decisions = await tap.wait("office.meetings.decision.recorded", 3)
    assert len(decisions) == 3
    got = {(e["data"]["assignee_unit"], e["data"]["due"], e["data"]["title"]) for e in decisions}
    assert got == {(d["assignee_unit"], d["due"], d["title"]) for d in DECISIONS}
    for envelope in decisions:
        assert envelope["type"] == "office.meetings.decision.recorded.v1"
        assert envelope["unit"] == envelope["data"]["assignee_unit"]  # notify delivers to the assignee
        assert envelope["data"]["meeting_id"] == held["id"]
        assert envelope["source"] == "office/meetings"


async def test_a_repeated_idempotency_key_schedules_once(stack: Any, tap: Tap) -> None:
    from tests.integration.meetings.helpers import meeting

    headers = {**STAFF, "Idempotency-Key": "meeting-0001"}
    first = await stack.meetings.post("/api/v1/meetings", json=meeting(), headers=headers)
    again = await stack.meetings.post("/api/v1/meetings", json=meeting(), headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    listed = await stack.meetings.get("/api/v1/meetings", headers=STAFF)
    assert [m["id"] for m in listed.json()["items"]] == [first.json()["id"]]
