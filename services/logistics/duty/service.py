"""Rules of holiday duty rosters (节假日值班).

A roster covers a holiday period, every day of it once, with a leader on duty (带班领导)
and staff on duty (值班人员); it is published as a whole. Each person-day is a shift
(office time `duty_shift_start`, `duty_shift_hours` long) with its reminders: one row per
shift and reminder time, claimed once by `send_due_reminders` (the claim and its event
commit together, so a restart or a second replica neither loses nor repeats one).
A swap (换班) hands a shift to someone on the same roster in the same role; the roster,
and the shift's pending reminders, change only when a leader approves it.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.logistics.duty import events
from services.logistics.duty.schemas import (
    DutyDayRead,
    DutyToday,
    OnDuty,
    ReminderFilters,
    RosterCreate,
    RosterFilters,
    RosterRead,
    RosterSummary,
    ShiftRead,
    SwapCreate,
    SwapFilters,
    SwapReject,
)
from services.logistics.models import DutyReminder, DutyRoster, DutyShift, DutySwap
from services.logistics.schemas import Action
from services.logistics.service import OFFICE, announce, not_before, publish, require_state, unit_for
from services.logistics.settings import LogisticsSettings
from shared.auth import Caller
from shared.business_time import office_zone
from shared.calendar import OfficeCalendar
from shared.command import Command, Inquiry
from shared.contracts.logistics import DutySwapApproved, DutySwapRejected, DutySwapRequested
from shared.errors import Conflict, Forbidden, Invalid
from shared.ids import new_id
from shared.lookup import get_or_404
from shared.query import one_visible
from shared.text import chinese_date, chinese_time
from shared.units import UnitRegistry

SYSTEM_ACTOR = "logistics-duty-reminder"
ROLE_NAMES = {"leader": "带班领导", "staff": "值班人员"}


@dataclass(frozen=True)
class ShiftTimes:
    """When shifts start and end, and when their reminders are due (from the settings)."""

    timezone: ZoneInfo
    start: time
    hours: int
    remind_hours_before: tuple[float, ...]

    @classmethod
    def of(cls, settings: LogisticsSettings) -> "ShiftTimes":
        return cls(
            timezone=ZoneInfo(settings.timezone),
            start=settings.duty_shift_start,
            hours=settings.duty_shift_hours,
            remind_hours_before=settings.duty_remind_hours_before,
        )

    def interval(self, day: date) -> tuple[datetime, datetime]:
        starts = datetime.combine(day, self.start, tzinfo=self.timezone)
        return starts, starts + timedelta(hours=self.hours)


# rosters


async def create_roster(
    cmd: Command, payload: RosterCreate, times: ShiftTimes, workdays: OfficeCalendar
) -> DutyRoster:
    """Publishes a roster (值班表) for a holiday period, its shifts and their reminders, as a whole."""
    cmd.caller.require(*OFFICE)
    unit = unit_for(cmd, payload.unit)
    at = cmd.at(payload.at)
    period = _period(payload)
    _check_days_off(period, workdays)
    await _no_roster_yet(cmd.session, unit, payload.start, payload.end)
    holiday = payload.holiday or _holiday_of(period, workdays)
    roster = DutyRoster(
        id=new_id(),
        name=payload.name or f"{payload.start.year}年{holiday}值班表",
        holiday=holiday,
        unit=unit,
        start_on=payload.start,
        end_on=payload.end,
        published_by=cmd.caller.sub,
        published_at=at,
    )
    cmd.session.add(roster)
    shifts = [_shift(roster, day, role, who, times) for day, role, who in _on_duty(payload, cmd.units)]
    cmd.session.add_all(shifts)
    await cmd.session.flush()  # the shifts exist before their reminders point at them
    cmd.session.add_all(_reminders(shifts, times))
    await announce(cmd, events.roster_published(roster, shifts, at))
    return roster


def _on_duty(payload: RosterCreate, units: UnitRegistry) -> Iterator[tuple[date, str, OnDuty]]:
    """Each day's leader and staff, in order: once a day each, in a known unit (else 422)."""
    for index, day in enumerate(payload.days):
        seen: set[str] = set()
        entries = [("leader", day.leader, f"days[{index}].leader")]
        entries += [("staff", s, f"days[{index}].staff[{j}]") for j, s in enumerate(day.staff)]
        for role, who, field in entries:
            if who.person in seen:
                raise Invalid(
                    f"{field}.person",
                    f"{who.person} {chinese_date(day.date)}已在值班表中 (listed twice on {day.date})",
                )
            seen.add(who.person)
            units.require(who.unit, f"{field}.unit")
            yield day.date, role, who


def _reminders(shifts: list[DutyShift], times: ShiftTimes) -> Iterator[DutyReminder]:
    """One reminder a shift and a reminder time, none sent yet."""
    for shift in shifts:
        for hours in times.remind_hours_before:
            yield DutyReminder(
                id=new_id(),
                roster_id=shift.roster_id,
                shift_id=shift.id,
                person=shift.person,
                due_at=shift.starts_at - timedelta(hours=hours),
                sent_at=None,
                outcome=None,
            )


async def _no_roster_yet(session: AsyncSession, unit: str, start: date, end: date) -> None:
    """A unit has one roster for a day: one overlapping the period is a 409 naming it."""
    query = select(DutyRoster).where(
        DutyRoster.unit == unit, DutyRoster.start_on <= end, DutyRoster.end_on >= start
    )
    held = await session.scalar(query.limit(1))
    if held is not None:
        raise Conflict(
            f"{chinese_date(held.start_on)}至{chinese_date(held.end_on)}已有值班表「{held.name}」，"
            "不能重复发布"
            " (a roster already covers these days)"
        )


def _period(payload: RosterCreate) -> list[date]:
    """The days from start to end, each given once in `days`."""
    if payload.end < payload.start:
        raise Invalid("end", "结束日期早于开始日期 (end is before start)")
    length = (payload.end - payload.start).days + 1
    if length > 31:
        raise Invalid("end", "值班期间最长 31 天 (a roster covers at most 31 days)")
    period = [payload.start + timedelta(days=n) for n in range(length)]
    given: set[date] = set()
    within = f"{chinese_date(payload.start)}至{chinese_date(payload.end)}"
    for i, day in enumerate(payload.days):
        if not payload.start <= day.date <= payload.end:
            raise Invalid(
                f"days[{i}].date",
                f"{chinese_date(day.date)}不在值班期间（{within}）内 (outside the period)",
            )
        if day.date in given:
            raise Invalid(f"days[{i}].date", f"{chinese_date(day.date)}重复安排 (the day is listed twice)")
        given.add(day.date)
    missing = [d for d in period if d not in given]
    if missing:
        named = "、".join(chinese_date(d) for d in missing)
        raise Invalid(
            "days", f"缺少以下日期的值班安排：{named} (days missing: {', '.join(map(str, missing))})"
        )
    return period


def _holiday_of(period: list[date], workdays: OfficeCalendar) -> str:
    """The holidays the calendar names in the period (中秋节、国庆节), 周末 for plain weekends."""
    names: list[str] = []
    for day in period:
        name = workdays.holiday_name(day)
        if name is not None and name not in names:
            names.append(name)
    return "、".join(names) or "周末"


def _check_days_off(period: list[date], workdays: OfficeCalendar) -> None:
    """Every day of a holiday roster is a day off (节假日或周末); 409 for a year not arranged."""
    for day in period:
        if workdays.is_workday(day):
            field = "start" if day == period[0] else "end"
            raise Invalid(field, f"{chinese_date(day)}是工作日，不是节假日 (a working day, not a holiday)")


def _shift(roster: DutyRoster, day: date, role: str, who: OnDuty, times: ShiftTimes) -> DutyShift:
    starts, ends = times.interval(day)
    return DutyShift(
        id=new_id(),
        roster_id=roster.id,
        day=day,
        role=role,
        person=who.person,
        name=who.name,
        unit=who.unit,
        phone=who.phone,
        starts_at=starts,
        ends_at=ends,
    )


async def get_roster(session: AsyncSession, roster_id: str) -> DutyRoster:
    """Any caller may see a roster: it says whom to call on a holiday."""
    return await get_or_404(session, DutyRoster, roster_id, f"值班表 {roster_id} 不存在 (not found)")


async def shifts_of(session: AsyncSession, roster_id: str) -> list[DutyShift]:
    query = select(DutyShift).where(DutyShift.roster_id == roster_id).order_by(DutyShift.day, DutyShift.id)
    return list((await session.scalars(query)).all())


async def on_duty(session: AsyncSession, day: date) -> list[DutyShift]:
    """Everyone on duty on a day, over every roster that covers it."""
    query = select(DutyShift).where(DutyShift.day == day).order_by(DutyShift.roster_id, DutyShift.id)
    return list((await session.scalars(query)).all())


async def duty_today(ask: Inquiry, on: date | None) -> DutyToday:
    """Who is on duty on a date (今日值班, default today in office time): leaders and staff."""
    day = on or ask.today()
    shifts = [ShiftRead.model_validate(s) for s in await on_duty(ask.session, day)]
    return DutyToday(
        on=day,
        leaders=[s for s in shifts if s.role == "leader"],
        staff=[s for s in shifts if s.role == "staff"],
    )


def list_rosters(filters: RosterFilters) -> Select[DutyRoster]:
    query = select(DutyRoster)
    if filters.year is not None:
        year = filters.year
        query = query.where(
            DutyRoster.start_on >= date(year, 1, 1), DutyRoster.start_on <= date(year, 12, 31)
        )
    if filters.holiday is not None:
        query = query.where(DutyRoster.holiday.contains(filters.holiday))
    return query


# swaps


async def request_swap(cmd: Command, payload: SwapCreate) -> DutySwap:
    """The person on a shift (or office staff for them) asks to hand it to someone on the roster."""
    at = cmd.at(payload.at)
    session, caller = cmd.session, cmd.caller
    shift = await _lock_shift(session, payload.shift)
    if shift is None:
        raise Invalid("shift", f"班次 {payload.shift} 不在任何值班表中 (no such shift)")
    if caller.sub != shift.person and not caller.has("staff", "admin"):
        raise Forbidden("只有值班本人或办公室工作人员可以申请换班 (only the person on duty may ask)")
    if shift.starts_at <= at:
        started = chinese_time(shift.starts_at, office_zone())
        raise Conflict(f"该班次已于{started}开始，不能换班 (the shift has started)")
    if payload.with_person == shift.person:
        raise Invalid("with_person", "不能与自己换班 (that is the person on the shift already)")
    await _taker(session, shift, payload.with_person, problem=Invalid)
    pending = await session.scalar(
        select(exists().where(DutySwap.shift_id == shift.id, DutySwap.status == "requested"))
    )
    if pending:
        raise Conflict("该班次已有待审批的换班申请 (a swap of this shift is awaiting approval)")
    roster = await get_roster(session, shift.roster_id)
    swap = DutySwap(
        id=new_id(),
        roster_id=shift.roster_id,
        shift_id=shift.id,
        from_person=shift.person,
        **payload.model_dump(exclude={"shift", "at"}),
        status="requested",
        requested_by=caller.sub,
        requested_at=at,
        decided_by=None,
        decided_at=None,
        rejection_reason=None,
    )
    session.add(swap)
    extra = {"reason": swap.reason, "requested_by": caller.sub}
    await announce(cmd, events.swap_event(DutySwapRequested, swap, shift, roster.unit, at, **extra))
    return swap


async def get_swap(session: AsyncSession, caller: Caller, swap_id: str, *, lock: bool = False) -> DutySwap:
    query = _visible_swaps(select(DutySwap), caller).where(DutySwap.id == swap_id)
    return await one_visible(session, query, "换班申请", swap_id, lock=lock)


def list_swaps(caller: Caller, filters: SwapFilters) -> Select[DutySwap]:
    query = _visible_swaps(select(DutySwap), caller)
    if filters.roster_id is not None:
        query = query.where(DutySwap.roster_id == filters.roster_id)
    if filters.status is not None:
        query = query.where(DutySwap.status == filters.status)
    return query


def _visible_swaps(query: Select[DutySwap], caller: Caller) -> Select[DutySwap]:
    """The office and auditors see every swap; others the swaps they are part of."""
    if caller.sees_every_unit:
        return query
    return query.where(
        or_(
            DutySwap.from_person == caller.sub,
            DutySwap.with_person == caller.sub,
            DutySwap.requested_by == caller.sub,
        )
    )


async def _to_decide(cmd: Command, swap_id: str, at: datetime, action: str) -> DutySwap:
    """A leader's decision on a requested swap (locked), not earlier than the request."""
    swap = await get_swap(cmd.session, cmd.caller, swap_id, lock=True)
    require_state("换班申请", swap.status, ("requested",), action)
    not_before(at, swap.requested_at)
    return swap


async def approve_swap(cmd: Command, swap_id: str, payload: Action) -> DutySwap:
    """A leader approves: the shift, and its pending reminders, become the other person's."""
    cmd.caller.require("leader")
    moment = cmd.at(payload.at)
    session = cmd.session
    swap = await _to_decide(cmd, swap_id, moment, "审批 approve")
    shift = await _lock_shift(session, swap.shift_id)
    assert shift is not None  # a swap's shift is never deleted
    if shift.person != swap.from_person:
        raise Conflict("值班表已变动，该班次已不是申请人的 (the shift changed hands since the request)")
    taker = await _taker(session, shift, swap.with_person, problem=Conflict)
    shift.person, shift.name, shift.unit, shift.phone = taker.person, taker.name, taker.unit, taker.phone
    await session.execute(
        update(DutyReminder)
        .where(DutyReminder.shift_id == shift.id, DutyReminder.sent_at.is_(None))
        .values(person=taker.person)
    )
    swap.status, swap.decided_by, swap.decided_at = "approved", cmd.caller.sub, moment
    roster = await get_roster(session, swap.roster_id)
    await announce(
        cmd, events.swap_event(DutySwapApproved, swap, shift, roster.unit, moment, decided_by=cmd.caller.sub)
    )
    return swap


async def reject_swap(cmd: Command, swap_id: str, payload: SwapReject) -> DutySwap:
    """A leader refuses, with the reason; the roster stays as it was."""
    cmd.caller.require("leader")
    moment = cmd.at(payload.at)
    swap = await _to_decide(cmd, swap_id, moment, "驳回 reject")
    swap.status, swap.decided_by, swap.decided_at = "rejected", cmd.caller.sub, moment
    swap.rejection_reason = payload.reason
    shift = await cmd.session.get(DutyShift, swap.shift_id)
    assert shift is not None
    roster = await get_roster(cmd.session, swap.roster_id)
    extra = {"decided_by": cmd.caller.sub, "rejection_reason": payload.reason}
    extra["requested_by"] = swap.requested_by
    await announce(cmd, events.swap_event(DutySwapRejected, swap, shift, roster.unit, moment, **extra))
    return swap


async def _lock_shift(session: AsyncSession, shift_id: str) -> DutyShift | None:
    query = select(DutyShift).where(DutyShift.id == shift_id).with_for_update()
    return await session.scalar(query.execution_options(populate_existing=True))


async def _taker(
    session: AsyncSession, shift: DutyShift, person: str, *, problem: type[Invalid] | type[Conflict]
) -> DutyShift:
    """The roster entry of the person who would take the shift: same roster, same role, free that day."""

    def fail(message: str) -> Exception:
        return Invalid("with_person", message) if problem is Invalid else Conflict(f"with_person: {message}")

    same = select(DutyShift).where(DutyShift.roster_id == shift.roster_id, DutyShift.person == person)
    theirs = list((await session.scalars(same.order_by(DutyShift.day.desc()))).all())
    in_role = [s for s in theirs if s.role == shift.role]
    if not in_role:
        role = ROLE_NAMES[shift.role]
        raise fail(f"{person} 不是本值班表的{role} (not on this roster as {shift.role})")
    if any(s.day == shift.day for s in theirs):
        raise fail(f"{person} 在{chinese_date(shift.day)}已有值班 (already on duty that day)")
    return in_role[0]


# reminders


async def send_due_reminders(*, session: AsyncSession, now: datetime, batch: int = 100) -> int:
    """Claims the reminders due by now and stages their events; answers how many were claimed.

    Each claim is `UPDATE ... SET sent_at WHERE id AND sent_at IS NULL` in the transaction
    that stages the event: of two replicas, only one claims a row; a rollback frees it.
    A reminder found after its shift is over is closed as expired, without an event.
    """
    due = select(DutyReminder.id).where(DutyReminder.sent_at.is_(None), DutyReminder.due_at <= now)
    ids = list((await session.scalars(due.order_by(DutyReminder.due_at, DutyReminder.id).limit(batch))).all())
    claimed = 0
    for reminder_id in ids:
        row = (
            await session.execute(
                update(DutyReminder)
                .where(DutyReminder.id == reminder_id, DutyReminder.sent_at.is_(None))
                .values(sent_at=now, outcome="sent")
                .returning(DutyReminder.shift_id, DutyReminder.due_at)
            )
        ).one_or_none()
        if row is None:
            continue  # another replica claimed it
        claimed += 1
        shift = await session.get(DutyShift, row.shift_id, populate_existing=True)
        assert shift is not None
        if now >= shift.ends_at:
            await session.execute(
                update(DutyReminder).where(DutyReminder.id == reminder_id).values(outcome="expired")
            )
            continue
        roster = await get_roster(session, shift.roster_id)
        await publish(session, events.shift_reminder(reminder_id, roster, shift, row.due_at), SYSTEM_ACTOR)
    return claimed


def list_reminders(filters: ReminderFilters) -> Select[DutyReminder]:
    query = select(DutyReminder)
    if filters.roster_id is not None:
        query = query.where(DutyReminder.roster_id == filters.roster_id)
    if filters.pending is not None:
        sent = DutyReminder.sent_at
        query = query.where(sent.is_(None) if filters.pending else sent.is_not(None))
    return query


async def roster_read(session: AsyncSession, roster: DutyRoster) -> RosterRead:
    """A roster day by day: the leader and the staff on duty."""
    days: dict[date, DutyDayRead] = {}
    for shift in await shifts_of(session, roster.id):
        day = days.setdefault(shift.day, DutyDayRead(date=shift.day, leader=None, staff=[]))
        if shift.role == "leader":
            day.leader = ShiftRead.model_validate(shift)
        else:
            day.staff.append(ShiftRead.model_validate(shift))
    summary = RosterSummary.model_validate(roster)
    return RosterRead(**summary.model_dump(), days=[days[d] for d in sorted(days)])
