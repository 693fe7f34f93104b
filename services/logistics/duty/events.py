"""The events of holiday duty rosters, built from their records (shared.contracts.logistics)."""

from datetime import datetime
from typing import Any, TypeVar

from services.logistics.models import DutyRoster, DutyShift, DutySwap
from shared.contracts.logistics import (
    DutyDayPublished,
    DutyPerson,
    DutyRosterPublished,
    DutyShiftReminder,
    DutySwapEvent,
)

E = TypeVar("E", bound=DutySwapEvent)


def roster_published(roster: DutyRoster, shifts: list[DutyShift], at: datetime) -> DutyRosterPublished:
    days: dict[Any, DutyDayPublished] = {}
    for shift in sorted(shifts, key=lambda s: (s.day, s.role != "leader")):
        person = DutyPerson(
            shift_id=shift.id, person=shift.person, name=shift.name, unit=shift.unit, phone=shift.phone
        )
        if shift.role == "leader":
            days[shift.day] = DutyDayPublished(date=shift.day, leader=person, staff=[])
        else:
            days[shift.day].staff.append(person)
    return DutyRosterPublished(
        id=roster.id,
        unit=roster.unit,
        at=at,
        name=roster.name,
        holiday=roster.holiday,
        start=roster.start_on,
        end=roster.end_on,
        days=list(days.values()),
        people=sorted({s.person for s in shifts}),
    )


def swap_event(kind: type[E], swap: DutySwap, shift: DutyShift, unit: str, at: datetime, **extra: Any) -> E:
    return kind(
        id=swap.id,
        unit=unit,
        at=at,
        roster_id=swap.roster_id,
        shift_id=shift.id,
        date=shift.day,
        role=shift.role,
        from_person=swap.from_person,
        with_person=swap.with_person,
        people=[swap.from_person, swap.with_person],
        **extra,
    )


def shift_reminder(
    reminder_id: str, roster: DutyRoster, shift: DutyShift, due_at: datetime
) -> DutyShiftReminder:
    return DutyShiftReminder(
        id=reminder_id,
        unit=shift.unit,
        at=due_at,
        roster_id=roster.id,
        roster_name=roster.name,
        holiday=roster.holiday,
        shift_id=shift.id,
        date=shift.day,
        role=shift.role,
        person=shift.person,
        name=shift.name,
        phone=shift.phone,
        starts_at=shift.starts_at,
        ends_at=shift.ends_at,
    )
