"""Inbox routes: the caller's notifications, unread counts, read marks, and a live stream (SSE)."""

import asyncio
import re
import time
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query, Request
from fastapi.responses import StreamingResponse

from services.notify.inbox import service
from services.notify.inbox.models import InboxItem
from services.notify.inbox.schemas import InboxItemRead, UnreadCounts
from shared.app import Registry, Session
from shared.auth import Caller, CurrentCaller
from shared.command import Cmd
from shared.errors import Problem
from shared.pagination import Cursor, Limit, Page, paginate

router = APIRouter(tags=["inbox"])

MAX_ID = 2**63 - 1
_DECIMAL = re.compile(r"[0-9]{1,19}")  # ASCII only: str.isdigit() also takes `²` and `١`
EXPIRED = '{"detail": "令牌已过期，请以新令牌重新连接 (the token expired: reconnect with a new one)"}'

ItemId = Annotated[int, Path(ge=1, le=2**63 - 1)]
UnitParam = Annotated[
    str | None, Query(max_length=20, description="office staff: another unit's inbox; default the caller's")
]


@router.get("/inbox")
async def list_inbox(
    session: Session,
    caller: CurrentCaller,
    units: Registry,
    unread: bool | None = None,
    unit: UnitParam = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[InboxItemRead]:
    """The caller's notifications (to them in person and to their unit), oldest first."""
    box = service.inbox_unit(caller=caller, units=units, unit=unit)
    query = service.visible_items(caller=caller, unit=box, unread=unread)
    rows, next_cursor = await paginate(session, query, key=InboxItem.id, limit=limit, cursor=cursor)
    items = await service.with_read_marks(session=session, caller=caller, items=rows)
    return Page(items=items, next_cursor=next_cursor)


@router.get("/inbox/unread-count")
async def unread_count(
    session: Session, caller: CurrentCaller, units: Registry, unit: UnitParam = None
) -> UnreadCounts:
    """How many of the caller's notifications are unread."""
    box = service.inbox_unit(caller=caller, units=units, unit=unit)
    return await service.unread_counts(session=session, caller=caller, unit=box)


@router.post("/inbox/{item_id}/read", response_model=InboxItemRead)
async def mark_read(item_id: ItemId, cmd: Cmd) -> Any:
    """Marks a notification read for the caller (marking it again changes nothing)."""
    return await cmd.answer(service.mark_read(cmd, item_id), InboxItemRead)


@router.get(
    "/inbox/stream",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "Server-Sent Events"}},
)
async def stream_inbox(
    request: Request,
    caller: CurrentCaller,
    units: Registry,
    unit: UnitParam = None,
    last_event_id: Annotated[
        str | None, Header(alias="Last-Event-ID", description="the `id:` of the last notification seen")
    ] = None,
) -> StreamingResponse:
    """New notifications as they arrive (Server-Sent Events).

    First an `unread` event with the counts, then one `notification` event per new
    notification (`id:` is its id: a reconnect with `Last-Event-ID` misses nothing),
    and a comment line now and then to keep proxies from closing the connection. At the
    token's `exp` an `expired` event ends the stream: reconnect with a fresh token.
    """
    box = service.inbox_unit(caller=caller, units=units, unit=unit)
    after = _after(last_event_id)
    factory = request.app.state.factory
    async with factory() as session:
        if after is None:
            after = await service.latest_id(session=session)
        counts = await service.unread_counts(session=session, caller=caller, unit=box)
    return StreamingResponse(
        _events(request, caller=caller, unit=box, after=after, counts=counts),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


def _after(last_event_id: str | None) -> int | None:
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


async def _events(
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
