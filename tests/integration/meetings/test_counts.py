"""What the statistics count: the groups of shared.meeting_groups by the office's year; cancelled: none."""

from datetime import datetime
from typing import Any

from tests.integration.meetings.conftest import Tap
from tests.integration.meetings.helpers import STAFF, act, counts, schedule
from tests.support import token


def at(day: int, hour: int = 9) -> dict[str, Any]:
    return {
        "start": f"2022-06-{day:02d}T{hour:02d}:00:00+08:00",
        "end": f"2022-06-{day:02d}T{hour + 1:02d}:00:00+08:00",
    }


async def test_meetings_are_counted_by_group_and_cancelled_ones_count_nowhere(stack: Any, tap: Tap) -> None:
    await schedule(stack, kind="coordination", provincial_stat=True, **at(1))
    await schedule(stack, kind="onsite", room=None, organizer_unit="SAF", **at(2))
    await schedule(stack, kind="party_group", **at(3))
    await schedule(stack, kind="office_affairs", **at(4))
    await schedule(stack, kind="theme_party_day", organizer_unit="PTY", **at(5))
    await schedule(stack, kind="integrity_talk", **at(6))
    await schedule(stack, kind="other", external_units=["自治区发展改革委"], **at(7))
    await schedule(stack, kind="other", **at(8))
    dropped = await schedule(stack, kind="coordination", provincial_stat=True, **at(9))
    await schedule(stack, kind="dispatch", start="2023-01-01T07:00:00+08:00", end="2023-01-01T08:00:00+08:00")

    before = await counts(stack, 2022)
    assert before["total"] == 9
    assert before["provincial_stat"] == 2
    assert before["working"] == 3
    cancelled = await act(stack, dropped["id"], "cancel", {"at": "2022-06-08T12:00:00+08:00"})
    assert cancelled.status_code == 200

    after = await counts(stack, 2022)
    assert {k: after[k] for k in after if k not in ("by_kind", "year", "unit")} == {
        "total": 8,
        "provincial_stat": 1,
        "working": 2,
        "external_other": 1,
        "party_group": 1,
        "office_affairs": 1,
        "party_building": 2,
    }
    assert (await counts(stack, 2023))["total"] == 1  # 2023-01-01 07:00 in the office is 2023
    assert (await counts(stack, 2022, unit="SAF"))["total"] == 1

    gone = (await tap.wait("office.meetings.meeting.cancelled", 1))[0]["data"]
    assert {k: gone[k] for k in ("id", "kind", "provincial_stat", "organizer_unit")} == {
        "id": dropped["id"],
        "kind": "coordination",
        "provincial_stat": True,
        "organizer_unit": "GO",
    }
    assert datetime.fromisoformat(gone["start"]) == datetime.fromisoformat(dropped["start"])
    assert len(await tap.wait("office.meetings.meeting.scheduled", 10)) == 10
    listed = await stack.meetings.get(
        "/api/v1/meetings", params={"year": 2022, "status": "cancelled"}, headers=STAFF
    )
    assert [m["id"] for m in listed.json()["items"]] == [dropped["id"]]


async def test_a_unit_counts_only_its_own_meetings(stack: Any) -> None:
    await schedule(stack, organizer_unit="SAF", **at(1))
    await schedule(stack, **at(2))
    liaison = token(sub="saf", unit="SAF", roles=("liaison",))
    own = await stack.meetings.get("/api/v1/meetings/counts", params={"year": 2022}, headers=liaison)
    assert own.json()["total"] == 1
    other = await stack.meetings.get(
        "/api/v1/meetings/counts", params={"year": 2022, "unit": "GO"}, headers=liaison
    )
    assert other.status_code == 403
