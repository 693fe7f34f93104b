"""Recurring meetings: expanded once, each occurrence a meeting of its own, counted while held."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from tests.integration.meetings.conftest import Tap
from tests.integration.meetings.helpers import STAFF, act, counts, meeting

OFFICE = ZoneInfo("Asia/Shanghai")


def series(recurrence: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    body = meeting(
        title="每周一调度会",
        start="2022-03-07T08:30:00+08:00",
        end="2022-03-07T09:30:00+08:00",
        **overrides,
    )
    return {**body, "recurrence": recurrence}


def local_starts(occurrences: list[dict[str, Any]]) -> list[str]:
    return [
        datetime.fromisoformat(o["start"]).astimezone(OFFICE).strftime("%Y-%m-%d %H:%M") for o in occurrences
    ]


async def test_a_weekly_series_expands_with_an_exception_and_counts_each_held_occurrence(
    stack: Any, tap: Tap
) -> None:
    rule = {"freq": "weekly", "count": 5, "exceptions": ["2022-03-21"]}
    answer = await stack.meetings.post("/api/v1/series", json=series(rule), headers=STAFF)
    assert answer.status_code == 201, answer.text
    created = answer.json()
    assert local_starts(created["occurrences"]) == [
        "2022-03-07 08:30",
        "2022-03-14 08:30",
        "2022-03-28 08:30",
        "2022-04-04 08:30",
    ]
    assert {o["series_id"] for o in created["occurrences"]} == {created["id"]}
    assert (await counts(stack, 2022))["total"] == 4
    assert len(await tap.wait("office.meetings.meeting.scheduled", 4)) == 4

    one = created["occurrences"][1]
    assert (await act(stack, one["id"], "cancel")).status_code == 200
    assert (await counts(stack, 2022))["working"] == 3
    again = (await stack.meetings.get(f"/api/v1/series/{created['id']}", headers=STAFF)).json()
    assert [o["status"] for o in again["occurrences"]] == ["scheduled", "cancelled", "scheduled", "scheduled"]
    listed = await stack.meetings.get("/api/v1/meetings", params={"series": created["id"]}, headers=STAFF)
    assert len(listed.json()["items"]) == 4

    # The cancelled occurrence's slot is free again; the others are still held.
    freed = await stack.meetings.post(
        "/api/v1/meetings", json=meeting(start=one["start"], end=one["end"]), headers=STAFF
    )
    assert freed.status_code == 201
    held = await stack.meetings.post(
        "/api/v1/meetings",
        json=meeting(start="2022-03-28T09:00:00+08:00", end="2022-03-28T10:00:00+08:00"),
        headers=STAFF,
    )
    assert held.status_code == 409
    assert held.json()["holder"]["id"] == created["occurrences"][2]["id"]


async def test_weekly_on_several_days_every_other_week_until_a_day(stack: Any) -> None:
    rule = {"freq": "weekly", "interval": 2, "weekdays": ["MO", "TH"], "until": "2022-03-31"}
    answer = await stack.meetings.post("/api/v1/series", json=series(rule, room=None), headers=STAFF)
    assert answer.status_code == 201, answer.text
    assert local_starts(answer.json()["occurrences"]) == [
        "2022-03-07 08:30",
        "2022-03-10 08:30",
        "2022-03-21 08:30",
        "2022-03-24 08:30",
    ]


async def test_a_monthly_party_day_skips_months_without_its_day(stack: Any) -> None:
    body = series({"freq": "monthly", "count": 4}, kind="theme_party_day", room=None)
    body.update(start="2022-01-31T15:00:00+08:00", end="2022-01-31T17:00:00+08:00")
    answer = await stack.meetings.post("/api/v1/series", json=body, headers=STAFF)
    assert answer.status_code == 201, answer.text
    assert local_starts(answer.json()["occurrences"]) == [
        "2022-01-31 15:00",
        "2022-03-31 15:00",
        "2022-05-31 15:00",
        "2022-07-31 15:00",
    ]
    assert (await counts(stack, 2022))["party_building"] == 4


async def test_a_series_that_would_take_a_held_room_is_409_and_stores_nothing(stack: Any) -> None:
    taken = await stack.meetings.post(
        "/api/v1/meetings",
        json=meeting(start="2022-03-21T09:00:00+08:00", end="2022-03-21T10:00:00+08:00"),
        headers=STAFF,
    )
    answer = await stack.meetings.post(
        "/api/v1/series", json=series({"freq": "weekly", "count": 4}), headers=STAFF
    )
    assert answer.status_code == 409
    assert answer.json()["holder"]["id"] == taken.json()["id"]
    assert (await counts(stack, 2022))["total"] == 1


async def test_bad_rules_are_422_naming_the_field(stack: Any) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"freq": "weekly", "count": 3, "exceptions": ["2022-03-08"]}, "recurrence.exceptions.0"),
        ({"freq": "weekly"}, "recurrence.until"),
        ({"freq": "weekly", "count": 3, "until": "2022-04-01"}, "recurrence.until"),
        ({"freq": "daily", "count": 3}, "recurrence.freq"),
        ({"freq": "weekly", "until": "2030-01-01"}, "recurrence"),
        ({"freq": "weekly", "count": 3, "weekdays": ["XX"]}, "recurrence.weekdays.0"),
    ]
    for rule, field in cases:
        answer = await stack.meetings.post("/api/v1/series", json=series(rule), headers=STAFF)
        assert answer.status_code == 422, (rule, answer.text)
        assert field in [e["field"] for e in answer.json()["errors"]], (rule, answer.json())
    assert (await counts(stack, 2022))["total"] == 0
