"""Bad input, wrong callers and wrong states: a clear problem, and nothing stored or published."""

from typing import Any

import pytest
from sqlalchemy import func, select

from services.meetings.models import Meeting
from shared.spine import OutboxEvent
from tests.integration.meetings.helpers import PROBLEM, STAFF, act, meeting, schedule
from tests.support import token

BAD_FIELDS = [
    ("title", ""),
    ("title", "标" * 201),
    ("title", "带\x00空字符"),
    ("kind", "banquet"),
    ("kind", None),
    ("provincial_stat", "perhaps"),
    ("external_units", "省发改委"),
    ("organizer_unit", "XXCB"),
    ("organizer_unit", None),
    ("room", "R999"),
    ("start", "2022-04-01T09:00:00"),  # no offset
    ("start", "tomorrow"),
    ("start", "9999-12-31T23:00:00-12:00"),
    ("end", "2022-04-01T08:00:00+08:00"),  # before start
    ("end", "2022-04-01T09:00:00+08:00"),  # no length at all
    ("end", "2022-04-01T11:00:00"),
    ("attendee_units.1", ["SAF", "NOPE"]),
    ("at", "not-a-time"),
    ("surprise", "an unknown field"),
]


async def stored(stack: Any) -> tuple[int, int]:
    """Meetings and events in the service's database (besides the fixture's rooms)."""
    async with stack.apps["meetings"].state.factory() as session:
        meetings = await session.scalar(select(func.count()).select_from(Meeting))
        events = await session.scalar(
            select(func.count())
            .select_from(OutboxEvent)
            .where(OutboxEvent.subject != "office.meetings.room.created")
        )
    return int(meetings or 0), int(events or 0)


@pytest.mark.parametrize(("field", "value"), BAD_FIELDS)
async def test_each_bad_field_is_named_and_nothing_is_stored(stack: Any, field: str, value: Any) -> None:
    body_field = field.split(".")[0]
    answer = await stack.meetings.post("/api/v1/meetings", json=meeting(**{body_field: value}), headers=STAFF)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == PROBLEM
    assert field in [e["field"] for e in answer.json()["errors"]], answer.json()
    assert await stored(stack) == (0, 0)


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer not-a-jwt"}, {"Authorization": "Basic YWxpY2U6c2VjcmV0"}],
    ids=["no token", "garbage token", "wrong scheme"],
)
async def test_without_a_valid_token_it_is_401(stack: Any, headers: dict[str, str]) -> None:
    answer = await stack.meetings.post("/api/v1/meetings", json=meeting(), headers=headers)
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"] == "Bearer"
    assert (await stack.meetings.get("/api/v1/meetings", headers=headers)).status_code == 401
    assert await stored(stack) == (0, 0)


async def test_a_liaison_acts_only_on_its_own_units_meetings(stack: Any) -> None:
    safety = token(sub="saf", unit="SAF", roles=("liaison",))
    other = await stack.meetings.post("/api/v1/meetings", json=meeting(), headers=safety)
    assert other.status_code == 403
    assert other.headers["content-type"] == PROBLEM
    assert await stored(stack) == (0, 0)

    ours = await schedule(stack, headers=safety, organizer_unit="SAF", room=None)  # R301 is the office's
    assert (await act(stack, ours["id"], "notice", headers=safety)).status_code == 200
    office = await schedule(stack, room="R502")  # SAF attends it (attendee_units) and so sees it
    assert (await stack.meetings.get(f"/api/v1/meetings/{office['id']}", headers=safety)).status_code == 200
    for action in ("notice", "cancel", "attendance", "minutes"):
        body = (
            {"person": "张三"}
            if action == "attendance"
            else {"summary": "纪要"}
            if action == "minutes"
            else {}
        )
        assert (await act(stack, office["id"], action, body, headers=safety)).status_code == 403, action

    stranger = token(sub="lz", unit="LZCB", roles=("liaison",))
    assert (await stack.meetings.get(f"/api/v1/meetings/{office['id']}", headers=stranger)).status_code == 404
    assert (await act(stack, office["id"], "cancel", headers=stranger)).status_code == 404
    listed = await stack.meetings.get("/api/v1/meetings", headers=stranger)
    assert listed.json()["items"] == []


async def test_leaders_read_but_do_not_schedule_and_rooms_are_for_staff(stack: Any) -> None:
    leader = token(sub="boss", roles=("leader",))
    assert (await stack.meetings.post("/api/v1/meetings", json=meeting(), headers=leader)).status_code == 403
    held = await schedule(stack)
    assert (await stack.meetings.get(f"/api/v1/meetings/{held['id']}", headers=leader)).status_code == 200
    assert (await act(stack, held["id"], "cancel", headers=leader)).status_code == 403
    liaison = token(sub="saf", unit="SAF", roles=("liaison",))
    room = {"code": "R900", "name": "小会议室", "capacity": 8}
    assert (await stack.meetings.post("/api/v1/rooms", json=room, headers=liaison)).status_code == 403
    assert (
        await stack.meetings.post("/api/v1/rooms", json={**room, "code": "R301"}, headers=STAFF)
    ).status_code == 409


async def test_wrong_states_are_409(stack: Any) -> None:
    held = await schedule(stack)
    assert (await act(stack, held["id"], "notice")).status_code == 200
    assert (await act(stack, held["id"], "notice")).status_code == 409
    assert (await act(stack, held["id"], "attendance", {"person": "张三"})).status_code == 201
    assert (await act(stack, held["id"], "attendance", {"person": "张三"})).status_code == 409
    assert (await act(stack, held["id"], "minutes", {"summary": "纪要"})).status_code == 201
    assert (await act(stack, held["id"], "materials", {"titles": ["迟到的材料"]})).status_code == 409
    assert (await act(stack, held["id"], "minutes", {"summary": "纪要"})).status_code == 409
    assert (await act(stack, held["id"], "cancel")).status_code == 409

    dropped = await schedule(stack, room="R502")
    assert (await act(stack, dropped["id"], "cancel")).status_code == 200
    for action, body in (
        ("cancel", {}),
        ("notice", {}),
        ("attendance", {"person": "李四"}),
        ("minutes", {"summary": "纪要"}),
        ("materials", {"titles": ["材料"]}),
    ):
        answer = await act(stack, dropped["id"], action, body)
        assert answer.status_code == 409, action
        assert answer.headers["content-type"] == PROBLEM
    events = (await stored(stack))[1]
    assert events == 6  # 2 scheduled, notice, attendance, minutes, cancelled


async def test_bad_minutes_are_422_naming_the_decision_field(stack: Any) -> None:
    held = await schedule(stack)
    cases = [
        ({"assignee_unit": "XXCB", "due": "2022-05-01"}, "decisions.0.assignee_unit"),
        ({"assignee_unit": "SAF", "due": "2022-03-01"}, "decisions.0.due"),
        ({"assignee_unit": "SAF", "due": "someday"}, "decisions.0.due"),
        ({"assignee_unit": "SAF", "due": "2022-05-01"}, "decisions.0.due"),  # already past, recorded now
    ]
    for decision, field in cases:
        body = {"summary": "纪要", "decisions": [{"title": "落实", **decision}]}
        answer = await act(stack, held["id"], "minutes", body)
        assert answer.status_code == 422, answer.text
        assert [e["field"] for e in answer.json()["errors"]] == [field]
    assert (
        await stack.meetings.get(f"/api/v1/meetings/{held['id']}/minutes", headers=STAFF)
    ).status_code == 404


async def test_unknown_meetings_are_404(stack: Any) -> None:
    def not_found(answer: Any, detail: str) -> None:
        assert answer.status_code == 404 and answer.json()["detail"].startswith(detail), answer.text

    not_found(await stack.meetings.get("/api/v1/meetings/nope", headers=STAFF), "会议 nope 不存在或无权查看")
    not_found(await act(stack, "nope", "cancel"), "会议 nope 不存在或无权查看")
    assert (await stack.meetings.get("/api/v1/series/nope", headers=STAFF)).status_code == 404
    not_found(await stack.meetings.get("/api/v1/rooms/R999", headers=STAFF), "会议室 R999 不存在")
    assert (await stack.meetings.get("/api/v1/meetings/a%00b", headers=STAFF)).status_code == 422


async def test_lists_filter_and_page(stack: Any) -> None:
    ids = [
        (await schedule(stack, start=f"2022-07-0{d}T09:00:00+08:00", end=f"2022-07-0{d}T10:00:00+08:00"))[
            "id"
        ]
        for d in range(1, 6)
    ]
    other = await schedule(stack, kind="party_group", organizer_unit="PTY", room="R502", attendee_units=[])
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 2, "kind": "dispatch", **({"cursor": cursor} if cursor else {})}
        page = (await stack.meetings.get("/api/v1/meetings", params=params, headers=STAFF)).json()
        seen += [m["id"] for m in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ids

    async def ids_for(**params: Any) -> list[str]:
        answer = await stack.meetings.get("/api/v1/meetings", params=params, headers=STAFF)
        assert answer.status_code == 200, answer.text
        return [m["id"] for m in answer.json()["items"]]

    assert await ids_for(unit="PTY") == [other["id"]]
    assert await ids_for(unit="NNCB") == ids  # an attending unit
    assert await ids_for(room="R502") == [other["id"]]
    assert await ids_for(year=2021) == []
    for bad in ({"limit": 0}, {"year": "x"}, {"kind": "banquet"}, {"status": "held"}, {"unit": "XXCB"}):
        answer = await stack.meetings.get("/api/v1/meetings", params=bad, headers=STAFF)
        assert answer.status_code == 422, bad
