"""Routes of holiday duty rosters (节假日值班): rosters, who is on duty, swaps, reminders."""

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from services.logistics.duty import service
from services.logistics.duty.schemas import (
    DutyToday,
    ReminderFilters,
    ReminderRead,
    RosterCreate,
    RosterFilters,
    RosterRead,
    RosterSummary,
    SwapCreate,
    SwapFilters,
    SwapRead,
    SwapReject,
)
from services.logistics.models import CalendarYear, DutyReminder, DutyRoster, DutySwap
from services.logistics.schemas import Action
from services.logistics.service import OFFICE
from services.logistics.settings import Settings
from shared.bounds import IdPath
from shared.business_time import Day
from shared.calendar import OfficeCalendar, dependency
from shared.command import Ask, Cmd
from shared.pagination import Page, Paging

router = APIRouter(prefix="/duty", tags=["duty"])
WorkingDays = Annotated[OfficeCalendar, Depends(dependency(CalendarYear))]


async def shift_times(settings: Settings) -> service.ShiftTimes:
    return service.ShiftTimes.of(settings)


ShiftTimes = Annotated[service.ShiftTimes, Depends(shift_times)]


@router.post("/rosters", status_code=201, response_model=RosterRead)
async def create_roster(payload: RosterCreate, cmd: Cmd, times: ShiftTimes, workdays: WorkingDays) -> Any:
    """Publishes a holiday duty roster as a whole (office staff): a leader and staff on each day."""
    change = service.create_roster(cmd, payload, times, workdays)
    return await cmd.answer(change, partial(service.roster_read, cmd.session))


@router.get("/rosters")
async def list_rosters(
    ask: Ask, paging: Paging, filters: Annotated[RosterFilters, Query()]
) -> Page[RosterSummary]:
    """Rosters (every caller may see them), oldest first."""
    query = service.list_rosters(filters)
    return await ask.page(query, key=DutyRoster.id, read=RosterSummary, paging=paging)


@router.get("/rosters/{roster_id}")
async def get_roster(roster_id: IdPath, ask: Ask) -> RosterRead:
    """One roster, day by day: the leader and the staff on duty, with their shift ids."""
    return await service.roster_read(ask.session, await service.get_roster(ask.session, roster_id))


@router.get("/today")
async def on_duty(
    ask: Ask, on: Annotated[Day | None, Query(description="the date (office time); default today")] = None
) -> DutyToday:
    """Who is on duty on a date (今日值班): leaders and staff, over every roster covering it."""
    return await service.duty_today(ask, on)


@router.post("/swaps", status_code=201, response_model=SwapRead)
async def request_swap(payload: SwapCreate, cmd: Cmd) -> Any:
    """Asks to hand a shift to someone on the same roster in the same role (换班申请)."""
    return await cmd.answer(service.request_swap(cmd, payload), SwapRead)


@router.get("/swaps")
async def list_swaps(ask: Ask, paging: Paging, filters: Annotated[SwapFilters, Query()]) -> Page[SwapRead]:
    """Swaps the caller may see (the office: all; others: their own), oldest first."""
    query = service.list_swaps(ask.caller, filters)
    return await ask.page(query, key=DutySwap.id, read=SwapRead, paging=paging)


@router.get("/swaps/{swap_id}")
async def get_swap(swap_id: IdPath, ask: Ask) -> SwapRead:
    """One swap."""
    return SwapRead.model_validate(await service.get_swap(ask.session, ask.caller, swap_id))


@router.post("/swaps/{swap_id}/approve", response_model=SwapRead)
async def approve_swap(swap_id: IdPath, payload: Action, cmd: Cmd) -> Any:
    """A leader approves: the roster and the shift's pending reminder change; 409 unless requested."""
    return await cmd.answer(service.approve_swap(cmd, swap_id, payload), SwapRead)


@router.post("/swaps/{swap_id}/reject", response_model=SwapRead)
async def reject_swap(swap_id: IdPath, payload: SwapReject, cmd: Cmd) -> Any:
    """A leader refuses, with the reason; 409 unless requested."""
    return await cmd.answer(service.reject_swap(cmd, swap_id, payload), SwapRead)


@router.get("/reminders")
async def list_reminders(
    ask: Ask, paging: Paging, filters: Annotated[ReminderFilters, Query()]
) -> Page[ReminderRead]:
    """Reminders before shifts, sent or pending (the office)."""
    ask.caller.require(*OFFICE)
    query = service.list_reminders(filters)
    return await ask.page(query, key=DutyReminder.id, read=ReminderRead, paging=paging)
