"""Meeting figures (办会) from the meetings service's events; cancelled meetings count nowhere."""

from typing import Any

from tests.integration.meetings.helpers import act, add_room, schedule
from tests.support import eventually, token

STAFF = token()


def on(day: int, month: int = 6, year: int = 2022) -> dict[str, Any]:
    return {
        "start": f"{year}-{month:02d}-{day:02d}T09:00:00+08:00",
        "end": f"{year}-{month:02d}-{day:02d}T10:00:00+08:00",
    }


async def test_meetings_are_counted_in_the_summarys_groups(start_stack: Any) -> None:
    async with start_stack("meetings", "aggregate") as stack:
        await add_room(stack, "R301")
        await schedule(stack, kind="coordination", provincial_stat=True, **on(1))
        await schedule(stack, kind="consultation", **on(2))
        await schedule(stack, kind="party_group", **on(3))
        await schedule(stack, kind="office_affairs", **on(4))
        await schedule(stack, kind="theme_party_day", organizer_unit="PTY", **on(5))
        await schedule(stack, kind="warning_education", **on(6))
        await schedule(stack, kind="other", external_units=["自治区发展改革委"], **on(7))
        await schedule(stack, kind="other", **on(8))
        await schedule(stack, kind="dispatch", **on(8, year=2021))
        dropped = await schedule(stack, kind="promotion", provincial_stat=True, **on(9))
        assert (await act(stack, dropped["id"], "cancel", {"reason": "改期"})).status_code == 200

        async def meetings() -> dict[str, Any]:
            answer = await stack.aggregate.get("/api/v1/stats/2022", headers=STAFF)
            return answer.json()["meetings"]  # type: ignore[no-any-return]

        async def settled() -> bool:
            figures = await meetings()
            # both events of the cancelled meeting applied: it counted and was taken back
            return bool(figures["total"] == 8 and figures["by_kind"].get("promotion") == 0)

        await eventually(settled, within=20)
        figures = await meetings()
        assert {k: v for k, v in figures.items() if k != "by_kind"} == {
            "total": 8,
            "provincial_stat": 1,
            "working": 2,
            "external_other": 1,
            "party_group": 1,
            "office_affairs": 1,
            "reminder_talk_people": 0,
            "party_building": 2,
        }
        assert figures["by_kind"]["promotion"] == 0
        party = (
            await stack.aggregate.get("/api/v1/stats/2022", params={"unit": "PTY"}, headers=STAFF)
        ).json()
        assert party["meetings"]["party_building"] == 1
        report = (await stack.aggregate.get("/api/v1/reports/annual/2022", headers=STAFF)).json()
        placeholders = {p["n"]: p for p in report["placeholders"]}
        assert placeholders[14]["text"] == (
            "2022年，召开列入省委、省政府统计范围的会议1次，召开协调会、推进会、调度会、现场办公会、征求意见会2次，"
            "召开有外单位参加的其他会议1次，召开厅党组会议1次，以及厅务会1次等会议，全年共召开各类会议8次。"
        )
        assert (placeholders[77]["value"], placeholders[78]["value"]) == (1, 0)
