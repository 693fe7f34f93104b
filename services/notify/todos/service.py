"""The rules of the to-do list: opening and closing items from events, who sees which, the morning digest.

An item is one step of one record (`incoming`/`handle`, `outgoing`/`review`, ...), unique
per record and step, so a redelivered or replayed event opens nothing twice. An event
older than the one that last set the item changes nothing; a closing event that arrives
first leaves a `void` row, so the opening event behind it opens nothing. The digest claims
its (day, unit) row in the transaction that stages its `office.notify.todo.digested` event,
so it goes out once per working day and unit, across restarts and replicas.
"""

from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.notify.inbox.service import inbox_unit
from services.notify.projection import outdated
from services.notify.todos.models import Todo, TodoDigest
from services.notify.todos.schemas import TodoFilters, TodoRead
from shared.auth import Caller
from shared.calendar import OfficeCalendar, YearNotArranged
from shared.command import Inquiry
from shared.contracts.base import envelope_for
from shared.contracts.notify import TodoDigested
from shared.outbox import add_event
from shared.pagination import Page, PageRequest
from shared.telemetry import log
from shared.text import chinese_date

OPEN, DONE, VOID = "open", "done", "void"
SYSTEM_ACTOR = "notify-todo"
DIGEST_LINES = 20  # items listed in one digest; the counts say how many more
# the roles an office-wide step asks for (`Todo.role`), as docs and logistics check them
ROLE_GROUPS: dict[str, frozenset[str]] = {
    "reviewer": frozenset({"staff", "leader", "admin"}),
    "office": frozenset({"staff", "leader", "admin"}),
    "signer": frozenset({"leader"}),
}


@dataclass(frozen=True)
class Step:
    """One step of one record: what `open` and `close` are told."""

    record_kind: str
    record_id: str
    step: str


@dataclass(frozen=True)
class Item:
    """What an opening event says of the item: its words, whose it is, when it is due."""

    label: str
    unit: str
    role: str | None = None
    due: date | None = None


async def _row(session: AsyncSession, step: Step) -> Todo | None:
    query = select(Todo).where(
        Todo.record_kind == step.record_kind, Todo.record_id == step.record_id, Todo.step == step.step
    )
    return await session.scalar(query)


def _new(session: AsyncSession, step: Step, at: datetime) -> Todo:
    row = Todo(record_kind=step.record_kind, record_id=step.record_id[:200], step=step.step, source_time=at)
    session.add(row)
    return row


async def open_item(session: AsyncSession, *, step: Step, item: Item, at: datetime) -> None:
    """Opens the step (or moves it: a new due date, another lead unit); a newer event reopens a closed one."""
    row = await _row(session, step)
    if row is not None and outdated([row.source_time], at):
        return
    row = row or _new(session, step, at)
    row.label, row.unit, row.role, row.due = item.label[:200], item.unit[:20], item.role, item.due
    if row.status != OPEN:
        row.status, row.opened_at, row.closed_at, row.outcome = OPEN, at, None, None
    row.source_time = at
    await session.flush()


async def close_item(session: AsyncSession, *, step: Step, outcome: str, at: datetime) -> None:
    """Closes the step as done; before it was opened, a `void` row keeps the older opening out."""
    row = await _row(session, step)
    if row is not None and outdated([row.source_time], at):
        return
    if row is None:
        row = _new(session, step, at)
        row.label, row.unit, row.status = "", "", VOID
    elif row.status == OPEN:
        row.status, row.closed_at = DONE, at
    row.outcome, row.source_time = outcome, at
    await session.flush()


def caller_roles(caller: Caller) -> list[str]:
    """The office-wide steps the caller may take (none for a unit's caller)."""
    if not caller.acts_for_office:
        return []
    return [group for group, roles in ROLE_GROUPS.items() if caller.roles & roles]


def _for(caller: Caller, unit: str) -> ColumnElement[bool]:
    return (Todo.unit == unit) & or_(Todo.role.is_(None), Todo.role.in_(caller_roles(caller)))


def visible_todos(*, caller: Caller, unit: str, status: str) -> Select[Todo]:
    """The unit's items in this state that the caller may take (role steps: only those holding the role)."""
    return select(Todo).where(_for(caller, unit), Todo.status == status)


async def todo_page(ask: Inquiry, filters: TodoFilters, paging: PageRequest) -> Page[TodoRead]:
    """One page of what `GET /todos` lists, by its filters, as the list stands today (office-local)."""
    box = inbox_unit(caller=ask.caller, units=ask.units, unit=filters.unit)
    query = visible_todos(caller=ask.caller, unit=box, status=filters.status)
    return await ask.page(query, key=Todo.id, read=partial(todo_read, today=ask.today()), paging=paging)


async def send_digest(
    session: AsyncSession, *, now: datetime, calendar: OfficeCalendar, hour: int, tz: ZoneInfo
) -> int:
    """On a working day from `hour` on, stages one digest per unit with open items not yet told today."""
    local = now.astimezone(tz)
    try:
        working = calendar.is_workday(local.date())
    except YearNotArranged:
        log.warning("no digest: the year's holidays are not entered", year=local.year)
        return 0
    if not working or local.hour < hour:
        return 0
    day = local.date()
    told = set(await session.scalars(select(TodoDigest.unit).where(TodoDigest.day == day)))
    items = await session.scalars(select(Todo).where(Todo.status == OPEN).order_by(Todo.due, Todo.id))
    by_unit: dict[str, list[Todo]] = {}
    for row in items:
        if row.unit not in told:
            by_unit.setdefault(row.unit, []).append(row)
    for unit, rows in by_unit.items():
        envelope = envelope_for(_digest(day, unit, rows, now), subject=f"{day}:{unit}", unit=unit,
                                actor=SYSTEM_ACTOR, time=now)  # fmt: skip
        session.add(TodoDigest(day=day, unit=unit, event_id=envelope.id, sent_at=now))
        await add_event(session, envelope)
    return len(by_unit)


def todo_read(row: Todo, *, today: date) -> TodoRead:
    """An item as the to-do list shows it on `today` (office-local): overdue, due today."""
    return TodoRead(
        id=row.id,
        record_kind=row.record_kind,
        record_id=row.record_id,
        step=row.step,
        title=row.label,
        unit=row.unit,
        role=row.role,
        due=row.due,
        overdue=row.status == "open" and row.due is not None and row.due < today,
        due_today=row.due == today,
        status="open" if row.status == "open" else "done",
        outcome=row.outcome,
        opened_at=row.opened_at,
        closed_at=row.closed_at,
    )


def line(row: Todo, today: date) -> str:
    """One item as the digest lists it."""
    if row.due is None:
        return row.label
    state = "已超期" if row.due < today else "今日到期" if row.due == today else "期限"
    return f"{row.label}（{state} {chinese_date(row.due)}）"


def _digest(day: date, unit: str, rows: list[Todo], now: datetime) -> TodoDigested:
    due_today = sum(1 for r in rows if r.due == day)
    overdue = sum(1 for r in rows if r.due is not None and r.due < day)
    listed = [line(r, day) for r in rows[:DIGEST_LINES]]
    return TodoDigested(
        id=f"{day.isoformat()}:{unit}",
        day=day,
        unit=unit,
        open=len(rows),
        due_today=due_today,
        overdue=overdue,
        items=listed,
        summary="；".join(listed)[:200],
        sent_at=now,
    )
