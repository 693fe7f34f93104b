"""What the supervision, assignment and audit tests share: callers, bodies, counts, events."""

from typing import Any

from sqlalchemy import func, select

from shared.spine import OutboxEvent
from tests.integration.docs.support import published
from tests.support import token

STAFF = token(clearance="top_secret")
NANNING = token(sub="nn", unit="NNCB", roles=("liaison",), clearance="top_secret")
LIUZHOU = token(sub="lz", unit="LZCB", roles=("liaison",), clearance="top_secret")
PROBLEM = "application/problem+json"

__all__ = ["LIUZHOU", "NANNING", "PROBLEM", "STAFF", "item", "outbox_count", "published", "supervision"]


def supervision(**overrides: Any) -> dict[str, Any]:
    body = {
        "title": "落实全省安全生产会议部署",
        "source": "instruction",
        "source_ref": "厅领导批示〔2022〕3号",
        "assignee_unit": "NNCB",
        "due": "2022-09-30",
        "at": "2022-09-01T09:00:00+08:00",
    }
    return {**body, **overrides}


async def item(stack: Any, **overrides: Any) -> dict[str, Any]:
    answer = await stack.docs.post("/api/v1/supervision", json=supervision(**overrides), headers=STAFF)
    assert answer.status_code == 201, answer.text
    return answer.json()  # type: ignore[no-any-return]


async def outbox_count(stack: Any) -> int:
    async with stack.apps["docs"].state.factory() as session:
        return int(await session.scalar(select(func.count()).select_from(OutboxEvent)) or 0)
