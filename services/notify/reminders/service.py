"""The rules of reminders: scheduling a record's reminders, moving and cancelling them, sending due ones.

A record (a received document's assignment, a supervision item, a meeting decision, a
meeting) gets one row per reminder kind, unique per record and kind, so a redelivered
event adds nothing. An event that moves the due date reschedules the rows whose moment
changed (a reminder already sent goes out again for the new date); an event older than
the one that last set the record changes nothing. Sending claims each row with a
conditional UPDATE in the transaction that stages its `office.notify.reminder.sent`
event, so two replicas never both send one and a restart neither loses nor repeats one;
a reminder whose moment passed while notify was down goes out late, once.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, delete, exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.notify.inbox.service import inbox_unit
from services.notify.projection import outdated
from services.notify.reminders.models import Reminder, ReminderRecipient
from services.notify.reminders.schemas import ReminderFilters, ReminderRead
from shared.auth import Caller
from shared.command import Inquiry
from shared.contracts.base import envelope_for
from shared.contracts.notify import ReminderSent
from shared.envelope import Envelope
from shared.event_data import read_off
from shared.outbox import add_event
from shared.text import chinese_date

CLOSED = "closed"
SYSTEM_ACTOR = "notify-reminder"
TEXTS = {
    ("incoming", False): "收文办理到期提醒：{label}，办理期限 {due}",
    ("incoming", True): "收文办理已超期：{label}，办理期限 {due}",
    ("supervision", False): "督办事项到期提醒：{label}，办理期限 {due}",
    ("decision", False): "会议决定事项到期提醒：{label}，办理期限 {due}",
    ("decision", True): "会议决定事项已超期：{label}，办理期限 {due}",
    ("meeting", False): "会议提醒：{label}，{due} 开始",
}


@dataclass(frozen=True)
class Plan:
    """The reminders one event asks for: a record, whom to tell, and when (kind → moment)."""

    record_kind: str
    record_id: str
    label: str
    unit: str | None
    units: tuple[str, ...]
    users: tuple[str, ...]
    due: str
    target: datetime
    sends: dict[str, datetime]


def text_for(reminder: Reminder) -> str:
    """What the reminder says, in the office's words (2022年6月1日, or 2022年6月1日 09:00 for a meeting)."""
    template = TEXTS[(reminder.record_kind, reminder.kind == "overdue")]
    return template.format(label=reminder.label, due=written_due(reminder.due))[:300]


def written_due(due: str) -> str:
    """A due date (`2022-06-01`) or office-local start (`2022-06-01 09:00`) as the office writes it."""
    day, _, clock = due.partition(" ")
    try:
        written = chinese_date(date.fromisoformat(day))
    except ValueError:
        return due
    return f"{written} {clock}" if clock else written


def reminder_read(row: Reminder) -> ReminderRead:
    """A reminder as its recipients read it."""
    return read_off(ReminderRead, row, title=text_for(row))


async def _rows(session: AsyncSession, record_kind: str, record_id: str) -> dict[str, Reminder]:
    query = select(Reminder).where(Reminder.record_kind == record_kind, Reminder.record_id == record_id)
    return {r.kind: r for r in await session.scalars(query)}


def _stale(rows: dict[str, Reminder], at: datetime) -> bool:
    return outdated((r.source_time for r in rows.values()), at)


async def schedule(session: AsyncSession, *, plan: Plan, at: datetime, now: datetime) -> None:
    """Creates or moves the record's reminders; those due before `at` (the event's time) are left out."""
    rows = await _rows(session, plan.record_kind, plan.record_id)
    if _stale(rows, at):
        return
    if CLOSED in rows:
        await session.delete(rows.pop(CLOSED))  # a newer event opened the record again
    wanted = {kind: send_at for kind, send_at in plan.sends.items() if send_at > at}
    for kind, old in rows.items():
        if kind not in wanted and old.status == "pending":
            old.status = "cancelled"
    touched = []
    for kind, send_at in wanted.items():
        row = rows.get(kind) or _added(session, plan=plan, kind=kind, now=now)
        _set(row, plan=plan, send_at=send_at, at=at)
        touched.append(row)
    await session.flush()
    for row in touched:
        await _set_recipients(session, row)


def _added(session: AsyncSession, *, plan: Plan, kind: str, now: datetime) -> Reminder:
    row = Reminder(record_kind=plan.record_kind, record_id=plan.record_id, kind=kind, created_at=now)
    session.add(row)
    return row


def _set(row: Reminder, *, plan: Plan, send_at: datetime, at: datetime) -> None:
    moved = row.status is None or row.send_at != send_at or row.target != plan.target
    row.label, row.unit, row.due, row.target = plan.label[:200], plan.unit, plan.due, plan.target
    row.units, row.users, row.source_time = list(plan.units), list(plan.users), at
    if moved or row.status == "cancelled":
        row.send_at, row.status, row.sent_at, row.event_id = send_at, "pending", None, None


async def _set_recipients(session: AsyncSession, row: Reminder) -> None:
    await session.execute(delete(ReminderRecipient).where(ReminderRecipient.reminder_id == row.id))
    recipients = [("unit", u) for u in row.units] + [("user", s[:200]) for s in row.users]
    for kind, recipient in dict.fromkeys(recipients):
        session.add(ReminderRecipient(reminder_id=row.id, recipient_kind=kind, recipient=recipient))


async def close(session: AsyncSession, *, record_kind: str, record_id: str, at: datetime) -> None:
    """Cancels the record's pending reminders (done, cancelled, or handed to another record)."""
    rows = await _rows(session, record_kind, record_id)
    if _stale(rows, at):
        return
    for row in rows.values():
        row.source_time = at
        if row.status == "pending":
            row.status = "cancelled"
    if CLOSED not in rows:
        session.add(
            Reminder(
                record_kind=record_kind,
                record_id=record_id,
                kind=CLOSED,
                label="",
                units=[],
                users=[],
                due="",
                target=at,
                send_at=at,
                status="cancelled",
                source_time=at,
                created_at=at,
            )
        )


async def send_due(*, session: AsyncSession, now: datetime, batch: int) -> int:
    """Claims the reminders due by now and stages their events; answers how many were claimed.

    Rows are picked with `FOR UPDATE SKIP LOCKED` (PostgreSQL; SQLite's writers take turns)
    and each is claimed by `UPDATE ... WHERE status = 'pending'`, so a row another replica
    took is skipped. A before-reminder found after its due moment is closed as expired:
    the overdue reminder (or the meeting itself) has overtaken it.
    """
    due = (
        select(Reminder.id)
        .where(Reminder.status == "pending", Reminder.send_at <= now)
        .order_by(Reminder.send_at, Reminder.id)
        .limit(batch)
        .with_for_update(skip_locked=True)
    )
    claimed = 0
    for reminder_id in list(await session.scalars(due)):
        taken = await session.scalar(
            update(Reminder)
            .where(Reminder.id == reminder_id, Reminder.status == "pending")
            .values(status="sent", sent_at=now)
            .returning(Reminder.id)
        )
        if taken is None:
            continue  # another replica claimed it
        claimed += 1
        row = await session.get(Reminder, reminder_id, populate_existing=True)
        assert row is not None
        if row.kind != "overdue" and row.target <= now:
            row.status = "expired"
            continue
        envelope = _sent(row, now)
        row.event_id = envelope.id
        await add_event(session, envelope)
    return claimed


def _sent(row: Reminder, now: datetime) -> Envelope:
    data = ReminderSent(
        id=row.id,
        record_kind=row.record_kind,
        record_id=row.record_id,
        kind=row.kind,
        overdue=row.kind == "overdue",
        title=text_for(row),
        due=row.due,
        units=row.units,
        users=row.users,
        sent_at=now,
    )
    return envelope_for(data, subject=row.record_id, unit=row.unit, actor=SYSTEM_ACTOR, time=now)


def reminder_list(ask: Inquiry, filters: ReminderFilters) -> Select[Reminder]:
    """What `GET /reminders` lists: the reminders for the caller's unit (or the one office staff
    name) and for the caller in person, by its filters."""
    box = inbox_unit(caller=ask.caller, units=ask.units, unit=filters.unit)
    return visible_reminders(caller=ask.caller, unit=box, status=filters.status)


def visible_reminders(*, caller: Caller, unit: str, status: str | None) -> Select[Reminder]:
    """Reminders for the unit and for the caller in person (never the `closed` markers)."""
    addressed = exists().where(
        ReminderRecipient.reminder_id == Reminder.id,
        (
            ((ReminderRecipient.recipient_kind == "unit") & (ReminderRecipient.recipient == unit))
            | ((ReminderRecipient.recipient_kind == "user") & (ReminderRecipient.recipient == caller.sub))
        ),
    )
    query = select(Reminder).where(addressed, Reminder.kind != CLOSED)
    return query if status is None else query.where(Reminder.status == status)
