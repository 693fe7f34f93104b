"""Bodies and calls the meetings tests share."""

from typing import Any

from tests.support import token

STAFF = token()
PROBLEM = "application/problem+json"


def meeting(**overrides: Any) -> dict[str, Any]:
    body = {
        "title": "全厅安全生产工作调度会",
        "kind": "dispatch",
        "provincial_stat": False,
        "external_units": [],
        "organizer_unit": "GO",
        "room": "R301",
        "start": "2022-04-01T09:00:00+08:00",
        "end": "2022-04-01T11:00:00+08:00",
        "attendees": ["张三", "李四"],
        "attendee_units": ["SAF", "NNCB"],
    }
    return {**body, **overrides}


async def add_room(stack: Any, code: str, capacity: int = 20, **fields: Any) -> dict[str, Any]:
    body = {"code": code, "name": f"{code}会议室", "capacity": capacity, **fields}
    answer = await stack.meetings.post("/api/v1/rooms", json=body, headers=STAFF)
    assert answer.status_code == 201, answer.text
    return answer.json()  # type: ignore[no-any-return]


async def schedule(stack: Any, headers: dict[str, str] = STAFF, **overrides: Any) -> dict[str, Any]:
    answer = await stack.meetings.post("/api/v1/meetings", json=meeting(**overrides), headers=headers)
    assert answer.status_code == 201, answer.text
    return answer.json()  # type: ignore[no-any-return]


async def act(
    stack: Any, meeting_id: str, action: str, body: Any = None, headers: dict[str, str] = STAFF
) -> Any:
    """POST /meetings/{id}/{action}; answers the response."""
    return await stack.meetings.post(f"/api/v1/meetings/{meeting_id}/{action}", json=body, headers=headers)


async def counts(stack: Any, year: int, **params: Any) -> dict[str, Any]:
    answer = await stack.meetings.get(
        "/api/v1/meetings/counts", params={"year": year, **params}, headers=STAFF
    )
    assert answer.status_code == 200, answer.text
    return answer.json()  # type: ignore[no-any-return]
