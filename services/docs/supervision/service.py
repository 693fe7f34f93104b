"""The rules of the supervision ledger (督办台账).

open ─progress/urge→ open ─complete→ completed
  └─ (deadline passes unfinished) → flagged overdue once, still open

`due` is a date, or N working days after the day of assignment; the `deadline` is `due`
moved to the next working day when it falls on a weekend or holiday (调休 make-up days
are working days). An item is overdue from the start of the day after its deadline.
"""

from calendar import monthrange
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.docs.models import SupervisionEntry, SupervisionItem, SupervisionNotice
from services.docs.supervision import calendar, events
from services.docs.supervision.schemas import (
    CompleteRequest,
    NoticeRequest,
    ProgressRequest,
    SupervisionCreate,
    SupervisionFilters,
    UrgeRequest,
)
from shared.auth import Caller, actor_of
from shared.business_time import not_in_future
from shared.calendar import OfficeCalendar
from shared.command import Command, Inquiry
from shared.consumer import Refused
from shared.contracts.docs import SupervisionNoticeRow
from shared.contracts.meetings import DecisionRecorded
from shared.envelope import Envelope
from shared.errors import Conflict, Forbidden, Invalid, NotFound
from shared.ids import new_id
from shared.outbox import add_event
from shared.query import narrowed, of_own_unit, one_visible, text_search

OFFICE_ROLES = ("staff", "leader", "admin")
REPORTER_ROLES = ("staff", "leader", "admin", "liaison", "unit")
PUBLISHER_ROLES = ("staff", "admin")
OVERDUE_BATCH = 200


def _not_before_assignment(item: SupervisionItem, at: datetime) -> None:
    if at < item.created_at:
        raise Invalid("at", "业务时间不能早于交办时间 (business time is before the item was assigned)")


def _new_item(
    *,
    title: str,
    source: str,
    source_ref: str | None,
    assignee_unit: str,
    due: date,
    due_working_days: int | None,
    created_by: str,
    created_at: datetime,
    timezone: ZoneInfo,
    workdays: OfficeCalendar,
    decision_id: str | None = None,
) -> SupervisionItem:
    return SupervisionItem(
        id=new_id(),
        title=title,
        source=source,
        source_ref=source_ref,
        decision_id=decision_id,
        assignee_unit=assignee_unit,
        year=created_at.astimezone(timezone).year,
        due=due,
        due_working_days=due_working_days,
        deadline=workdays.next_workday(due),
        status="open",
        overdue=False,
        progress_count=0,
        urge_count=0,
        created_by=created_by,
        created_at=created_at,
        entries=[],
    )


async def create_item(cmd: Command, payload: SupervisionCreate, workdays: OfficeCalendar) -> SupervisionItem:
    """Enters an item in the ledger (立项) for its assignee unit."""
    cmd.caller.require(*OFFICE_ROLES)
    cmd.units.require(payload.assignee_unit, "assignee_unit")
    at = cmd.at(payload.at)
    assigned_on = calendar.local_day(at, cmd.timezone)
    if (payload.due is None) == (payload.due_working_days is None):
        raise Invalid(
            "due", "请给出办理期限 due 或工作日数 due_working_days 之一 (give due or due_working_days)"
        )
    if payload.due_working_days is not None:
        due = workdays.add_working_days(assigned_on, payload.due_working_days)
    else:
        assert payload.due is not None
        due = payload.due
        if due < assigned_on:
            raise Invalid("due", "办理期限不能早于交办日期 (due is before the day of assignment)")
    item = _new_item(
        title=payload.title,
        source=payload.source,
        source_ref=payload.source_ref,
        assignee_unit=payload.assignee_unit,
        due=due,
        due_working_days=payload.due_working_days,
        created_by=cmd.caller.sub,
        created_at=at,
        timezone=cmd.timezone,
        workdays=workdays,
    )
    cmd.session.add(item)
    await add_event(cmd.session, events.created(item, cmd.caller.sub))
    return item


async def record_decision(
    *, session: AsyncSession, envelope: Envelope, timezone: ZoneInfo, workdays: OfficeCalendar
) -> None:
    """A meeting decision (确定事项) becomes an item for its assignee unit, once per decision."""
    decision = DecisionRecorded.from_envelope(envelope)
    check_decision_actor(envelope, decision)
    known = await session.scalar(select(SupervisionItem.id).where(SupervisionItem.decision_id == decision.id))
    if known is not None:
        return
    item = _new_item(
        title=decision.title[:200],
        source="meeting",
        source_ref=decision.meeting_id[:100],
        assignee_unit=decision.assignee_unit,
        due=decision.due,
        due_working_days=None,
        created_by=envelope.actor or "meetings",
        created_at=decision.recorded_at.astimezone(UTC),
        timezone=timezone,
        workdays=workdays,
        decision_id=decision.id,
    )
    session.add(item)
    await add_event(session, events.created(item, envelope.actor))


def check_decision_actor(envelope: Envelope, decision: DecisionRecorded) -> None:
    """Refuses (dead-letters) a decision its actor could not have recorded: a unit's caller
    records its own unit's meetings and work only; another unit's needs an office caller."""
    actor = actor_of(envelope)
    if actor is None:
        raise Refused(
            "决定事项未写明记录人的单位和角色，不建督办事项 (decision event without actorunit and roles)"
        )
    for unit in (decision.organizer_unit, decision.assignee_unit):
        if not actor.may_act_for(unit):
            raise Refused(
                f"记录人 {actor.sub}（{actor.unit}，{' '.join(sorted(actor.roles)) or '无角色'}）"
                f"不能为 {unit} 确定督办事项：须办公室人员，不建督办事项 "
                f"(the actor may not give {unit} a supervision item)"
            )


def visible_items(caller: Caller) -> Select[SupervisionItem]:
    """The office (and auditors) see every unit's items; a unit caller its own."""
    return of_own_unit(caller, select(SupervisionItem), SupervisionItem.assignee_unit)


def filter_items(
    query: Select[SupervisionItem],
    *,
    caller: Caller,
    unit: str | None,
    year: int | None,
    as_of: date,
    status: str | None = None,
    overdue: bool | None = None,
    q: str | None = None,
) -> Select[SupervisionItem]:
    """`overdue=true`: open items whose deadline has passed on `as_of`; `false`: the others;
    `q` a text in the title or the source's reference (批示、文号)."""
    if q:
        query = query.where(text_search(q, SupervisionItem.title, SupervisionItem.source_ref))
    if unit is not None:
        if not caller.may_see(unit):
            raise Forbidden(f"不能查看其他单位的督办事项 (cannot list the items of unit {unit})")
        query = query.where(SupervisionItem.assignee_unit == unit)
    query = narrowed(query, (SupervisionItem.status, status), (SupervisionItem.year, year))
    late = (SupervisionItem.status == "open") & (SupervisionItem.deadline < as_of)
    if overdue is True:
        query = query.where(late)
    elif overdue is False:
        query = query.where(~late)
    return query


async def get_item(ask: Inquiry, item_id: str) -> SupervisionItem:
    query = visible_items(ask.caller).where(SupervisionItem.id == item_id)
    return await one_visible(ask.session, query, "督办事项", item_id)


def item_list(ask: Inquiry, filters: SupervisionFilters) -> Select[SupervisionItem]:
    """What `GET /supervision` lists: the items the caller may see, by its filters (`overdue` on
    `as_of`, default today)."""
    as_of = filters.as_of or ask.today()
    asked = filters.model_dump(exclude={"as_of"})
    return filter_items(visible_items(ask.caller), caller=ask.caller, as_of=as_of, **asked)


async def _for_change(
    cmd: Command, item_id: str, roles: tuple[str, ...], at: datetime | None
) -> tuple[SupervisionItem, datetime]:
    """The item, locked, and the business time of the change: 404 when the caller cannot see it
    (never naming its unit), 403 when they see it but may not act for its unit, 409 once
    completed, 422 for a time before its assignment."""
    cmd.caller.require(*roles)
    query = visible_items(cmd.caller).where(SupervisionItem.id == item_id)
    item = await one_visible(cmd.session, query, "督办事项", item_id, lock=True)
    if not cmd.caller.may_act_for(item.assignee_unit):
        raise Forbidden(f"该事项由 {item.assignee_unit} 承办，不能代为办理 (item assigned to another unit)")
    if item.status == "completed":
        raise Conflict("该事项已办结 (item already completed)")
    when = cmd.at(at)
    _not_before_assignment(item, when)
    return item, when


def _enter(cmd: Command, item: SupervisionItem, kind: str, note: str | None, at: datetime) -> None:
    item.entries.append(SupervisionEntry(kind=kind, note=note, actor=cmd.caller.sub, at=at))


async def report_progress(cmd: Command, item_id: str, payload: ProgressRequest) -> SupervisionItem:
    """The assignee unit (or the office for it) reports progress (报送进展)."""
    item, at = await _for_change(cmd, item_id, REPORTER_ROLES, payload.at)
    item.progress_count += 1
    item.last_progress_at = at
    _enter(cmd, item, "progress", payload.note, at)
    await add_event(cmd.session, events.progressed(item, cmd.caller.sub, at, payload.note))
    return item


async def urge_item(cmd: Command, item_id: str, payload: UrgeRequest) -> SupervisionItem:
    """The office urges (催办) the assignee unit; every urge is counted."""
    item, at = await _for_change(cmd, item_id, OFFICE_ROLES, payload.at)
    item.urge_count += 1
    _enter(cmd, item, "urge", payload.note, at)
    late = calendar.is_overdue(item.deadline, at, cmd.timezone)
    await add_event(cmd.session, events.urged(item, cmd.caller.sub, at, late))
    return item


async def _flag_overdue(
    session: AsyncSession, item: SupervisionItem, actor: str | None, timezone: ZoneInfo
) -> None:
    item.overdue = True
    item.overdue_at = calendar.overdue_moment(item.deadline, timezone).astimezone(UTC)
    await add_event(session, events.overdue(item, actor))


async def complete_item(cmd: Command, item_id: str, payload: CompleteRequest) -> SupervisionItem:
    """Completes an item (办结); one finished after its deadline is flagged overdue first."""
    item, when = await _for_change(cmd, item_id, REPORTER_ROLES, payload.at)
    if payload.note is not None:
        _enter(cmd, item, "progress", payload.note, when)
    late = calendar.is_overdue(item.deadline, when, cmd.timezone)
    if late and not item.overdue:
        await _flag_overdue(cmd.session, item, cmd.caller.sub, cmd.timezone)
    item.status = "completed"
    item.completed_at = when
    item.on_time = not late
    await add_event(cmd.session, events.completed(item, cmd.caller.sub))
    return item


async def mark_overdue(*, session: AsyncSession, now: datetime, timezone: ZoneInfo) -> int:
    """Flags the open items whose deadline has passed, once each; answers how many."""
    today = calendar.local_day(now, timezone)
    query = (
        select(SupervisionItem)
        .where(
            SupervisionItem.status == "open",
            SupervisionItem.overdue.is_(False),
            SupervisionItem.deadline < today,
        )
        .order_by(SupervisionItem.deadline, SupervisionItem.id)
        .limit(OVERDUE_BATCH)
        .with_for_update(skip_locked=True)
    )
    items = list((await session.scalars(query)).all())
    for item in items:
        await _flag_overdue(session, item, None, timezone)
    return len(items)


def _month_bounds(year: int, month: int, timezone: ZoneInfo) -> tuple[datetime, datetime, date]:
    last = date(year, month, monthrange(year, month)[1])
    start = datetime.combine(date(year, month, 1), time(0), timezone).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time(0), timezone).astimezone(UTC)
    return start, end, last


async def notice_rows(
    *, session: AsyncSession, year: int, month: int, timezone: ZoneInfo
) -> list[SupervisionNoticeRow]:
    """Each unit's figures as at the end of the month, by the business times in the ledger."""
    start, end, last = _month_bounds(year, month, timezone)
    query = select(SupervisionItem).where(
        SupervisionItem.created_at < end,
        or_(SupervisionItem.completed_at.is_(None), SupervisionItem.completed_at >= start),
    )
    counts: dict[str, dict[str, int]] = defaultdict(
        lambda: {"created": 0, "done": 0, "done_late": 0, "open": 0, "overdue": 0}
    )
    for item in (await session.scalars(query)).all():
        row = counts[item.assignee_unit]
        row["created"] += item.created_at >= start
        done = item.completed_at is not None and start <= item.completed_at < end
        row["done"] += done
        row["done_late"] += done and item.on_time is False
        still_open = item.completed_at is None or item.completed_at >= end
        row["open"] += still_open
        row["overdue"] += still_open and item.deadline <= last
    return [SupervisionNoticeRow(unit=unit, **counts[unit]) for unit in sorted(counts)]


async def publish_notice(cmd: Command, payload: NoticeRequest) -> SupervisionNotice:
    """Publishes the monthly notice (月通报) once per month."""
    cmd.caller.require(*PUBLISHER_ROLES)
    at = cmd.at(payload.at)
    _, end, _ = _month_bounds(payload.year, payload.month, cmd.timezone)
    not_in_future("month", end, "该月尚未结束，不能通报")
    known = await cmd.session.scalar(
        select(SupervisionNotice.id).where(
            SupervisionNotice.year == payload.year, SupervisionNotice.month == payload.month
        )
    )
    if known is not None:
        raise Conflict(f"{payload.year}年{payload.month}月督办通报已发布 (notice already published)")
    rows = await notice_rows(
        session=cmd.session, year=payload.year, month=payload.month, timezone=cmd.timezone
    )
    notice = SupervisionNotice(
        id=new_id(),
        year=payload.year,
        month=payload.month,
        rows=[r.model_dump() for r in rows],
        published_by=cmd.caller.sub,
        published_at=at,
    )
    cmd.session.add(notice)
    await add_event(cmd.session, events.notice_published(notice, cmd.caller.sub))
    return notice


async def get_notice(*, session: AsyncSession, year: int, month: int) -> SupervisionNotice:
    notice = await session.scalar(
        select(SupervisionNotice).where(SupervisionNotice.year == year, SupervisionNotice.month == month)
    )
    if notice is None:
        raise NotFound(f"{year}年{month}月督办通报尚未发布 (notice not published)")
    return notice
