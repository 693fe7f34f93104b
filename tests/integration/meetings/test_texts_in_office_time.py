"""The conflicts meetings answers name times as the office reads them (2022年5月10日 09:00),
and the times a problem carries as data are ISO 8601 with the office's offset."""

from typing import Any

from tests.integration.meetings.helpers import STAFF, meeting, schedule


async def test_a_taken_room_is_named_with_its_meeting_in_office_time(stack: Any) -> None:
    held = await schedule(stack, start="2022-05-10T01:00:00Z", end="2022-05-10T03:00:00Z")
    clash = meeting(
        title="经济运行推进会", start="2022-05-10T10:00:00+08:00", end="2022-05-10T12:00:00+08:00"
    )
    answer = await stack.meetings.post("/api/v1/meetings", json=clash, headers=STAFF)
    assert answer.status_code == 409, answer.text
    problem = answer.json()
    assert "2022年5月10日 09:00至11:00" in problem["detail"], problem
    assert "T01:00" not in problem["detail"] and "+00:00" not in problem["detail"]
    assert problem["holder"]["start"] == held["start"] == "2022-05-10T09:00:00+08:00"
    assert problem["holder"]["end"] == "2022-05-10T11:00:00+08:00"


async def test_an_exception_that_is_no_occurrence_is_named_as_a_chinese_date(stack: Any) -> None:
    body = meeting(start="2022-03-07T08:30:00+08:00", end="2022-03-07T09:30:00+08:00")
    body["recurrence"] = {"freq": "weekly", "count": 3, "exceptions": ["2022-03-08"]}
    answer = await stack.meetings.post("/api/v1/series", json=body, headers=STAFF)
    assert answer.status_code == 422, answer.text
    assert "2022年3月8日不是该系列会议的日期" in answer.json()["detail"]
