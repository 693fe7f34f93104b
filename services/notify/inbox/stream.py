"""The inbox's live stream (Server-Sent Events): where a reconnect resumes, and the frames."""

import asyncio
import re
import time
from collections.abc import AsyncIterator

from fastapi import Request

from services.notify.inbox import service
from services.notify.inbox.schemas import UnreadCounts
from shared.auth import Caller
from shared.errors import Problem

MAX_ID = 2**63 - 1
_DECIMAL = re.compile(r"[0-9]{1,19}")  # ASCII only: str.isdigit() also takes `²` and `١`
EXPIRED = '{"detail": "令牌已过期，请以新令牌重新连接 (the token expired: reconnect with a new one)"}'


def resume_after(last_event_id: str | None) -> int | None:
    """The id a reconnect resumes after: ASCII digits of an id that can exist, or 400."""
    if last_event_id is None:
        return None
    if not _DECIMAL.fullmatch(last_event_id) or int(last_event_id) > MAX_ID:
        raise Problem(
            "Last-Event-ID 应为上次收到的通知编号 (must be the id of the last notification seen)",
            errors=[
                {"field": "Last-Event-ID", "message": "应为不超过 19 位的十进制数字 (ASCII decimal digits)"}
            ],
        )
    return int(last_event_id)


async def frames(
    request: Request, *, caller: Caller, unit: str, after: int, counts: UnreadCounts
) -> AsyncIterator[str]:
    """The stream's frames, until the caller goes away or their token expires (an `expired` event)."""
    settings = request.app.state.settings
    factory = request.app.state.factory
    yield _sse("unread", counts.model_dump_json())
    quiet_since = time.monotonic()
    while not await request.is_disconnected():
        if _expired(caller):
            yield _sse("expired", EXPIRED)
            return
        async with factory() as session:
            items = await service.items_after(session=session, caller=caller, unit=unit, after=after)
        for item in items:
            after = item.id
            yield _sse("notification", item.model_dump_json(), event_id=str(item.id))
        if items:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= settings.sse_heartbeat_s:
            quiet_since = time.monotonic()
            yield ": keep-alive\n\n"
        await asyncio.sleep(min(settings.sse_poll_s, _left_s(caller)))


def _left_s(caller: Caller) -> float:
    return float("inf") if caller.exp is None else max(0.0, caller.exp - time.time())


def _expired(caller: Caller) -> bool:
    return _left_s(caller) <= 0


def _sse(event: str, data: str, *, event_id: str | None = None) -> str:
    head = f"id: {event_id}\n" if event_id is not None else ""
    return f"{head}event: {event}\ndata: {data}\n\n"
