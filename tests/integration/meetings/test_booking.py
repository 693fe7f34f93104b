"""Rooms are never held twice at once: not by sequential, not by concurrent bookings."""

import asyncio
from typing import Any

from tests.integration.meetings.helpers import PROBLEM, STAFF, act, meeting, schedule


async def test_two_concurrent_bookings_of_one_room_give_one_meeting_and_one_409(stack: Any) -> None:
    bodies = [
        meeting(title="安全生产调度会", start="2022-05-10T09:00:00+08:00", end="2022-05-10T11:00:00+08:00"),
        meeting(
            title="经济运行推进会",
            kind="promotion",
            start="2022-05-10T10:00:00+08:00",
            end="2022-05-10T12:00:00+08:00",
        ),
    ]
    answers = await asyncio.gather(
        *(stack.meetings.post("/api/v1/meetings", json=body, headers=STAFF) for body in bodies)
    )
    assert sorted(a.status_code for a in answers) == [201, 409], [a.text for a in answers]
    won = next(a for a in answers if a.status_code == 201).json()
    lost = next(a for a in answers if a.status_code == 409)
    assert lost.headers["content-type"] == PROBLEM
    problem = lost.json()
    assert problem["holder"]["id"] == won["id"]
    assert problem["holder"]["title"] == won["title"]
    assert won["id"] in problem["detail"]
    listed = await stack.meetings.get("/api/v1/meetings", params={"room": "R301"}, headers=STAFF)
    assert [m["id"] for m in listed.json()["items"]] == [won["id"]]


async def test_many_concurrent_bookings_of_one_slot_leave_exactly_one(stack: Any) -> None:
    answers = await asyncio.gather(
        *(
            stack.meetings.post("/api/v1/meetings", json=meeting(title=f"会议{i}"), headers=STAFF)
            for i in range(6)
        )
    )
    assert sorted(a.status_code for a in answers) == [201] + [409] * 5


async def test_back_to_back_meetings_and_other_rooms_do_not_conflict(stack: Any) -> None:
    await schedule(stack)
    await schedule(stack, start="2022-04-01T11:00:00+08:00", end="2022-04-01T12:00:00+08:00")
    await schedule(stack, room="R502")
    await schedule(stack, room=None)
    inside = await stack.meetings.post(
        "/api/v1/meetings",
        json=meeting(start="2022-04-01T09:30:00+08:00", end="2022-04-01T10:00:00+08:00"),
        headers=STAFF,
    )
    assert inside.status_code == 409


async def test_cancelling_frees_the_room(stack: Any) -> None:
    first = await schedule(stack)
    assert (await stack.meetings.post("/api/v1/meetings", json=meeting(), headers=STAFF)).status_code == 409
    cancelled = await act(stack, first["id"], "cancel", {"reason": "领导另有安排"})
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled"
    second = await schedule(stack)
    assert second["id"] != first["id"]


async def test_free_room_search_leaves_out_held_rooms_and_counts_seats(stack: Any) -> None:
    held = await schedule(stack, room="R502")
    window = {"start": "2022-04-01T10:00:00+08:00", "end": "2022-04-01T10:30:00+08:00"}

    async def free(**params: Any) -> list[str]:
        answer = await stack.meetings.get("/api/v1/rooms/free", params={**window, **params}, headers=STAFF)
        assert answer.status_code == 200, answer.text
        return [r["code"] for r in answer.json()["items"]]

    assert await free() == ["R301"]
    assert await free(capacity=31) == []
    await act(stack, held["id"], "cancel")
    assert await free() == ["R301", "R502"]
    assert await free(capacity=20) == ["R301"]
    backwards = await stack.meetings.get(
        "/api/v1/rooms/free", params={"start": window["end"], "end": window["start"]}, headers=STAFF
    )
    assert backwards.status_code == 422
    assert [e["field"] for e in backwards.json()["errors"]] == ["end"]
