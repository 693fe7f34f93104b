"""Helpers for the infoscore tests: callers, bodies, and reading events off the real nats-server."""

import json
from typing import Any

import nats
from nats.errors import TimeoutError as NatsTimeout

from tests.support import token

STAFF = token(sub="staff-li", roles=("staff",))
ADMIN = token(sub="admin-wang", roles=("admin",))
RULES_2021 = {"points": {"national": 10, "provincial": 5, "department": 2}, "instruction_bonus": 3}
RULES_2022 = {"points": {"national": 12, "provincial": 6, "department": 1}, "instruction_bonus": 5}


def liaison(unit: str) -> dict[str, str]:
    return token(sub=f"liaison-{unit.lower()}", unit=unit, roles=("liaison",))


def submission(**overrides: Any) -> dict[str, Any]:
    body = {
        "unit": "FIN",
        "title": "我厅推进重点项目建设情况",
        "body": "……",
        "category": "government",
        "submitted_at": "2022-03-01T09:00:00+08:00",
    }
    return {**body, **overrides}


def adoption(**overrides: Any) -> dict[str, Any]:
    body = {"level": "provincial", "outlet": "省政府信息", "adopted_at": "2022-03-05T09:00:00+08:00"}
    return {**body, **overrides}


async def set_rules(stack: Any, year: int, rules: dict[str, Any]) -> None:
    answer = await stack.infoscore.put(f"/api/v1/scoring-rules/{year}", json=rules, headers=ADMIN)
    assert answer.status_code == 200, answer.text


async def submit(stack: Any, headers: dict[str, str] = STAFF, **fields: Any) -> dict[str, Any]:
    answer = await stack.infoscore.post("/api/v1/submissions", json=submission(**fields), headers=headers)
    assert answer.status_code == 201, answer.text
    return answer.json()  # type: ignore[no-any-return]


async def adopt(stack: Any, submission_id: str, **fields: Any) -> dict[str, Any]:
    url = f"/api/v1/submissions/{submission_id}/adoptions"
    answer = await stack.infoscore.post(url, json=adoption(**fields), headers=STAFF)
    assert answer.status_code == 201, answer.text
    return answer.json()  # type: ignore[no-any-return]


async def ranking(stack: Any, year: int, month: int | None = None) -> list[dict[str, Any]]:
    params = {"year": year, **({"month": month} if month else {})}
    answer = await stack.infoscore.get("/api/v1/rankings", params=params, headers=STAFF)
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]  # type: ignore[no-any-return]


async def events_on(nats_url: str, subject: str, *, wait: float = 1.0) -> list[dict[str, Any]]:
    """Every envelope on `subject` in the OFFICE stream, as published to the real server."""
    nc = await nats.connect(nats_url)
    try:
        sub = await nc.jetstream().subscribe(subject, ordered_consumer=True)
        found: list[dict[str, Any]] = []
        while True:
            try:
                msg = await sub.next_msg(timeout=wait)
            except NatsTimeout:
                return found
            found.append(json.loads(msg.data))
    finally:
        await nc.close()
