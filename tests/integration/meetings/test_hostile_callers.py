"""What a hostile caller of meetings gets: a key reused on another meeting, rooms of other units."""

from datetime import datetime
from typing import Any

from tests.integration.meetings.helpers import PROBLEM, STAFF, act, add_room, meeting, schedule
from tests.support import token


async def test_a_key_reused_on_another_meeting_is_a_conflict_and_changes_nothing(stack: Any) -> None:
    first = await schedule(stack)
    other = await schedule(stack, room="R502")
    headers = {**STAFF, "Idempotency-Key": "cancel-0001"}
    cancelled = await act(stack, first["id"], "cancel", {"reason": "改期"}, headers=headers)
    assert cancelled.status_code == 200, cancelled.text
    again = await act(stack, first["id"], "cancel", {"reason": "改期"}, headers=headers)
    assert again.json() == cancelled.json()
    assert again.headers["Idempotent-Replayed"] == "true"

    reused = await act(stack, other["id"], "cancel", {"reason": "改期"}, headers=headers)
    assert reused.status_code == 409, reused.text
    untouched = await stack.meetings.get(f"/api/v1/meetings/{other['id']}", headers=STAFF)
    assert untouched.json()["status"] == "scheduled"


NANNING = token(sub="nn-liaison", unit="NNCB", roles=("liaison",))
NANNING_UNIT = token(sub="nn-unit", unit="NNCB", roles=("unit",))
PARTY_GROUP: dict[str, Any] = {
    "title": "厅党组会议",
    "organizer_unit": "GO",
    "attendee_units": ["GO"],
    "attendees": ["厅长"],
}


async def test_a_conflict_with_a_hidden_meeting_names_only_the_times(stack: Any) -> None:
    await add_room(stack, "NN01", unit="NNCB")
    hidden = await schedule(stack, room="NN01", **PARTY_GROUP)
    assert (await stack.meetings.get(f"/api/v1/meetings/{hidden['id']}", headers=NANNING)).status_code == 404
    body = meeting(title="南宁市局例会", organizer_unit="NNCB", attendee_units=["NNCB"], room="NN01")
    answer = await stack.meetings.post("/api/v1/meetings", json=body, headers=NANNING)
    assert answer.status_code == 409, answer.text
    problem = answer.json()
    assert "该时段已被占用" in problem["detail"]
    assert hidden["id"] not in answer.text and "党组" not in answer.text
    assert set(problem["holder"]) == {"room", "start", "end"}
    assert datetime.fromisoformat(problem["holder"]["start"]) == datetime.fromisoformat(hidden["start"])
    # the office, who sees it, is told which meeting holds the room
    seen = await stack.meetings.post("/api/v1/meetings", json=body, headers=STAFF)
    assert seen.status_code == 409
    assert seen.json()["holder"]["id"] == hidden["id"]


async def test_another_units_room_needs_an_office_caller(stack: Any) -> None:
    rooms = (await stack.meetings.get("/api/v1/rooms", headers=STAFF)).json()["items"]
    assert {r["code"]: r["unit"] for r in rooms} == {"R301": "GO", "R502": "GO"}
    body = meeting(title="南宁市局例会", organizer_unit="NNCB", attendee_units=["NNCB"], room="R301")
    refused = await stack.meetings.post("/api/v1/meetings", json=body, headers=NANNING)
    assert refused.status_code == 403, refused.text
    assert refused.headers["content-type"] == PROBLEM
    await add_room(stack, "NN01", unit="NNCB")
    own = await stack.meetings.post("/api/v1/meetings", json={**body, "room": "NN01"}, headers=NANNING)
    assert own.status_code == 201, own.text
    listed = await stack.meetings.get("/api/v1/meetings", params={"room": "R301"}, headers=STAFF)
    assert listed.json()["items"] == []


async def test_a_unit_account_cannot_book_an_office_room_for_a_long_series(stack: Any) -> None:
    body = meeting(
        title="南宁市局每日碰头会",
        organizer_unit="NNCB",
        attendee_units=["NNCB"],
        start="2022-03-07T08:30:00+08:00",
        end="2022-03-07T09:00:00+08:00",
    )
    rule = {"freq": "weekly", "count": 200, "weekdays": ["MO", "TU", "WE", "TH", "FR"]}
    answer = await stack.meetings.post(
        "/api/v1/series", json={**body, "recurrence": rule}, headers=NANNING_UNIT
    )
    assert answer.status_code == 403, answer.text
    listed = await stack.meetings.get("/api/v1/meetings", params={"room": "R301"}, headers=STAFF)
    assert listed.json()["items"] == []
    by_office = await stack.meetings.post("/api/v1/series", json={**body, "recurrence": rule}, headers=STAFF)
    assert by_office.status_code == 201, by_office.text
