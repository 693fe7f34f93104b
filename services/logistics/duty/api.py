"""Routes of holiday duty rosters (节假日值班): rosters, who is on duty, swaps, reminders."""

from datetime import date
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query, Request

from services.logistics.duty import service
from services.logistics.duty.schemas import (
    DutyDayRead,
    DutyToday,
    ReminderRead,
    RosterCreate,
    RosterRead,
    RosterSummary,
    ShiftRead,
    SwapCreate,
    SwapRead,
    SwapReject,
)
from services.logistics.models import CalendarYear, DutyReminder, DutyRoster, DutyShift, DutySwap
from services.logistics.schemas import Action
from services.logistics.service import OFFICE, settings_of
from services.logistics.web import commit_change
from shared.app import Registry, Session
from shared.auth import CurrentCaller
from shared.business_time import FIRST_YEAR, LAST_YEAR, Day
from shared.calendar import OfficeCalendar, dependency
from shared.contracts.logistics import DutySwapStatus
from shared.envelope import utcnow
from shared.idempotency import IdempotencyHeader, commit_once
from shared.pagination import Cursor, Limit, Page, paginate

router = APIRouter(prefix="/duty", tags=["duty"])
WorkingDays = Annotated[OfficeCalendar, Depends(dependency(CalendarYear))]


def shift_times(request: Request) -> service.ShiftTimes:
    settings = settings_of(request)
    return service.ShiftTimes(
        timezone=ZoneInfo(settings.timezone),
        start=settings.duty_shift_start,
        hours=settings.duty_shift_hours,
        remind_hours_before=settings.duty_remind_hours_before,
    )


def roster_read(roster: DutyRoster, shifts: list[DutyShift]) -> RosterRead:
    days: dict[date, DutyDayRead] = {}
    for shift in shifts:
        day = days.setdefault(shift.day, DutyDayRead(date=shift.day, leader=None, staff=[]))
        if shift.role == "leader":
            day.leader = ShiftRead.model_validate(shift)
        else:
            day.staff.append(ShiftRead.model_validate(shift))
    summary = RosterSummary.model_validate(roster)
    return RosterRead(**summary.model_dump(), days=[days[d] for d in sorted(days)])


@router.post("/rosters", status_code=201, response_model=RosterRead)
async def create_roster(
    request: Request,
    payload: RosterCreate,
    session: Session,
    caller: CurrentCaller,
    units: Registry,
    workdays: WorkingDays,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Publishes a holiday duty roster as a whole (office staff): a leader and staff on each day."""
    times = shift_times(request)

    async def produce() -> RosterRead:
        roster = await service.create_roster(
            session=session, caller=caller, units=units, payload=payload, times=times, workdays=workdays
        )
        return roster_read(roster, await service.shifts_of(session, roster.id))

    return await commit_once(
        session,
        caller=caller,
        key=idempotency_key,
        route="POST /duty/rosters",
        produce=produce,
        status_code=201,
    )


@router.get("/rosters")
async def list_rosters(
    session: Session,
    caller: CurrentCaller,
    year: Annotated[int | None, Query(ge=FIRST_YEAR, le=LAST_YEAR)] = None,
    holiday: Annotated[str | None, Query(max_length=50)] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[RosterSummary]:
    """Rosters (every caller may see them), oldest first."""
    query = service.list_rosters(year=year, holiday=holiday)
    rows, next_cursor = await paginate(session, query, key=DutyRoster.id, limit=limit, cursor=cursor)
    return Page(items=[RosterSummary.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.get("/rosters/{roster_id}")
async def get_roster(roster_id: str, session: Session, caller: CurrentCaller) -> RosterRead:
    """One roster, day by day: the leader and the staff on duty, with their shift ids."""
    roster = await service.get_roster(session=session, roster_id=roster_id)
    return roster_read(roster, await service.shifts_of(session, roster.id))


@router.get("/today")
async def on_duty(
    request: Request,
    session: Session,
    caller: CurrentCaller,
    on: Annotated[Day | None, Query(description="the date (office time); default today")] = None,
) -> DutyToday:
    """Who is on duty on a date (今日值班): leaders and staff, over every roster covering it."""
    day = on or utcnow().astimezone(ZoneInfo(settings_of(request).timezone)).date()
    shifts = [ShiftRead.model_validate(s) for s in await service.on_duty(session, day)]
    return DutyToday(
        on=day,
        leaders=[s for s in shifts if s.role == "leader"],
        staff=[s for s in shifts if s.role == "staff"],
    )


@router.post("/swaps", status_code=201, response_model=SwapRead)
async def request_swap(
    payload: SwapCreate, session: Session, caller: CurrentCaller, idempotency_key: IdempotencyHeader = None
) -> Any:
    """Asks to hand a shift to someone on the same roster in the same role (换班申请)."""
    return await commit_change(
        session,
        caller,
        key=idempotency_key,
        route="POST /duty/swaps",
        change=lambda: service.request_swap(session=session, caller=caller, payload=payload),
        read=SwapRead,
        status_code=201,
    )


@router.get("/swaps")
async def list_swaps(
    session: Session,
    caller: CurrentCaller,
    roster_id: str | None = None,
    status: DutySwapStatus | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[SwapRead]:
    """Swaps the caller may see (the office: all; others: their own), oldest first."""
    query = service.list_swaps(caller, roster_id=roster_id, status=status)
    rows, next_cursor = await paginate(session, query, key=DutySwap.id, limit=limit, cursor=cursor)
    return Page(items=[SwapRead.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.get("/swaps/{swap_id}")
async def get_swap(swap_id: str, session: Session, caller: CurrentCaller) -> SwapRead:
    """One swap."""
    return SwapRead.model_validate(await service.get_swap(session=session, caller=caller, swap_id=swap_id))


@router.post("/swaps/{swap_id}/approve", response_model=SwapRead)
async def approve_swap(
    swap_id: str,
    payload: Action,
    session: Session,
    caller: CurrentCaller,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """A leader approves: the roster and the shift's pending reminder change; 409 unless requested."""
    return await commit_change(
        session,
        caller,
        key=idempotency_key,
        route=f"POST /duty/swaps/{swap_id}/approve",
        change=lambda: service.approve_swap(session=session, caller=caller, swap_id=swap_id, at=payload.at),
        read=SwapRead,
    )


@router.post("/swaps/{swap_id}/reject", response_model=SwapRead)
async def reject_swap(
    swap_id: str,
    payload: SwapReject,
    session: Session,
    caller: CurrentCaller,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """A leader refuses, with the reason; 409 unless requested."""
    return await commit_change(
        session,
        caller,
        key=idempotency_key,
        route=f"POST /duty/swaps/{swap_id}/reject",
        change=lambda: service.reject_swap(session=session, caller=caller, swap_id=swap_id, payload=payload),
        read=SwapRead,
    )


@router.get("/reminders")
async def list_reminders(
    session: Session,
    caller: CurrentCaller,
    roster_id: str | None = None,
    pending: bool | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[ReminderRead]:
    """Reminders before shifts, sent or pending (the office)."""
    caller.require(*OFFICE)
    query = service.list_reminders(roster_id=roster_id, pending=pending)
    rows, next_cursor = await paginate(session, query, key=DutyReminder.id, limit=limit, cursor=cursor)
    return Page(items=[ReminderRead.model_validate(r) for r in rows], next_cursor=next_cursor)
