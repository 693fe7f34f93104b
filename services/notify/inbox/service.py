"""The rules of the inbox: who sees which notification, and read marks per person."""

from datetime import datetime

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.notify.inbox.models import InboxItem, InboxRead
from services.notify.inbox.schemas import InboxFilters, InboxItemRead, UnreadCounts
from services.notify.rules import Routing
from shared.auth import Caller
from shared.command import Command, Inquiry
from shared.db import SessionFactory
from shared.envelope import Envelope, utcnow
from shared.errors import Forbidden, NotFound
from shared.pagination import Page, PageRequest, paginate
from shared.units import UnitRegistry


def add_notifications(session: AsyncSession, *, envelope: Envelope, routing: Routing) -> None:
    """Stage one inbox row per recipient the table names for this event."""
    if routing.title is None:
        return
    now = utcnow()
    recipients = [("unit", u) for u in routing.inbox_units] + [("user", s) for s in routing.inbox_users]
    for kind, recipient in recipients:
        session.add(
            InboxItem(
                event_id=envelope.id,
                event_type=envelope.type,
                recipient_kind=kind,
                recipient=recipient[:200],
                unit=envelope.unit,
                title=routing.title,
                record_id=envelope.subject[:200],
                data=envelope.data,
                occurred_at=envelope.time,
                created_at=now,
            )
        )


def inbox_unit(*, caller: Caller, units: UnitRegistry, unit: str | None) -> str:
    """The unit whose notifications the caller reads: their own, or (office staff) one they name."""
    if unit is None or unit == caller.unit:
        return caller.unit
    units.require(unit, "unit")
    if not caller.acts_for_office:
        raise Forbidden(f"不能查看其他单位的通知 (cannot read the inbox of unit {unit})")
    return unit


def _addressed_to(caller: Caller, unit: str) -> ColumnElement[bool]:
    return or_(
        and_(InboxItem.recipient_kind == "user", InboxItem.recipient == caller.sub),
        and_(InboxItem.recipient_kind == "unit", InboxItem.recipient == unit),
    )


def _read_by(caller: Caller) -> ColumnElement[bool]:
    return exists().where(InboxRead.item_id == InboxItem.id, InboxRead.sub == caller.sub)


def visible_items(*, caller: Caller, unit: str, unread: bool | None = None) -> Select[InboxItem]:
    """The caller's notifications: to them in person, and to the unit."""
    query = select(InboxItem).where(_addressed_to(caller, unit))
    if unread is True:
        query = query.where(~_read_by(caller))
    elif unread is False:
        query = query.where(_read_by(caller))
    return query


async def inbox_page(ask: Inquiry, filters: InboxFilters, paging: PageRequest) -> Page[InboxItemRead]:
    """One page of what `GET /inbox` lists: the caller's notifications by its filters, with read marks."""
    box = inbox_unit(caller=ask.caller, units=ask.units, unit=filters.unit)
    query = visible_items(caller=ask.caller, unit=box, unread=filters.unread)
    rows, next_cursor = await paginate(
        ask.session, query, key=InboxItem.id, limit=paging.limit, cursor=paging.cursor
    )
    items = await with_read_marks(session=ask.session, caller=ask.caller, items=rows)
    return Page(items=items, next_cursor=next_cursor)


async def with_read_marks(
    *, session: AsyncSession, caller: Caller, items: list[InboxItem]
) -> list[InboxItemRead]:
    """The items as answers, each with when this caller read it."""
    marks: dict[int, datetime] = {}
    if items:
        rows = await session.execute(
            select(InboxRead.item_id, InboxRead.read_at).where(
                InboxRead.sub == caller.sub, InboxRead.item_id.in_([i.id for i in items])
            )
        )
        marks = {item_id: read_at for item_id, read_at in rows}
    return [_answer(item, marks.get(item.id)) for item in items]


def _answer(item: InboxItem, read_at: datetime | None) -> InboxItemRead:
    return InboxItemRead(
        id=item.id,
        event_id=item.event_id,
        event_type=item.event_type,
        kind="user" if item.recipient_kind == "user" else "unit",
        unit=item.unit,
        title=item.title,
        record_id=item.record_id,
        data=item.data,
        occurred_at=item.occurred_at,
        read_at=read_at,
    )


async def unread_counts(*, session: AsyncSession, caller: Caller, unit: str) -> UnreadCounts:
    """How many notifications the caller has not read, in person and for the unit."""
    query = (
        select(InboxItem.recipient_kind, func.count())
        .where(_addressed_to(caller, unit), ~_read_by(caller))
        .group_by(InboxItem.recipient_kind)
    )
    counts = {kind: count for kind, count in (await session.execute(query))}
    personal, unit_count = counts.get("user", 0), counts.get("unit", 0)
    return UnreadCounts(unread=personal + unit_count, personal=personal, unit=unit_count)


async def mark_read(cmd: Command, item_id: int) -> InboxItemRead:
    """Marks a notification read for this caller (again: changes nothing); 404 if not theirs."""
    item = await cmd.session.get(InboxItem, item_id)
    if item is None or not _may_read(cmd.caller, item):
        raise NotFound(f"通知 {item_id} 不存在或无权查看 (not found)")
    mark = await cmd.session.get(InboxRead, (item_id, cmd.caller.sub))
    if mark is None:
        mark = InboxRead(item_id=item_id, sub=cmd.caller.sub, read_at=cmd.now)
        cmd.session.add(mark)
    return _answer(item, mark.read_at)


def _may_read(caller: Caller, item: InboxItem) -> bool:
    if item.recipient_kind == "user":
        return item.recipient == caller.sub
    return caller.may_act_for(item.recipient)


async def latest_id(*, session: AsyncSession) -> int:
    """The newest notification's id (a live stream starts after it)."""
    return int(await session.scalar(select(func.coalesce(func.max(InboxItem.id), 0))) or 0)


async def stream_start(
    factory: SessionFactory, *, caller: Caller, unit: str, after: int | None
) -> tuple[int, UnreadCounts]:
    """Where a live stream starts (after `after`, else after the newest notification) and the unread
    counts it opens with, read in a session of its own (none is held while it streams)."""
    async with factory() as session:
        if after is None:
            after = await latest_id(session=session)
        counts = await unread_counts(session=session, caller=caller, unit=unit)
    return after, counts


async def items_after(
    *, session: AsyncSession, caller: Caller, unit: str, after: int, limit: int = 100
) -> list[InboxItemRead]:
    """The caller's notifications newer than `after`, oldest first."""
    query = (
        visible_items(caller=caller, unit=unit)
        .where(InboxItem.id > after)
        .order_by(InboxItem.id)
        .limit(limit)
    )
    items = list((await session.scalars(query)).all())
    return await with_read_marks(session=session, caller=caller, items=items)
