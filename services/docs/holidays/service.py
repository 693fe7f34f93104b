"""The office's holiday arrangement per year: shipped in the holidays file, entered by an admin."""

from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from services.docs.holidays.schemas import ArrangementRead, ArrangementWrite
from services.docs.models import CalendarYear
from shared.calendar import Arrangement, load
from shared.command import Command
from shared.contracts.base import envelope_for
from shared.contracts.calendar import CalendarArranged, HolidayDay
from shared.envelope import Envelope, utcnow
from shared.errors import Invalid
from shared.outbox import add_event
from shared.text import chinese_date

ENTERING_ROLES = ("admin",)


async def read(*, session: AsyncSession, year: int, path: Path) -> ArrangementRead:
    """The year's arrangement as the office keeps it; 409 naming the year when nobody entered it."""
    arrangement = (await load(session, CalendarYear, path)).arrangement(year)
    row = await session.get(CalendarYear, year)
    return _read(arrangement, row)


async def arrange(cmd: Command, year: int, payload: ArrangementWrite) -> tuple[ArrangementRead, bool]:
    """Enters (or corrects) a year's arrangement; answers it and whether the year is new."""
    cmd.caller.require(*ENTERING_ROLES)
    _all_in_year(year, payload)
    arrangement = Arrangement(
        year=year,
        holidays={h.date: h.name for h in payload.holidays},
        workdays=sorted(payload.workdays),
        source=payload.source,
    )
    row = await cmd.session.get(CalendarYear, year)
    created = row is None
    if row is None:
        row = CalendarYear(year=year)
        cmd.session.add(row)
    row.arrangement = arrangement.model_dump(mode="json")
    row.entered_by, row.entered_at = cmd.caller.sub, utcnow()
    await add_event(cmd.session, _arranged(arrangement, row))
    return _read(arrangement, row), created


def _all_in_year(year: int, payload: ArrangementWrite) -> None:
    for i, holiday in enumerate(payload.holidays):
        if holiday.date.year != year:
            raise Invalid(
                f"holidays[{i}].date", f"{chinese_date(holiday.date)}不在{year}年内 (not in {year})"
            )
    for i, day in enumerate(payload.workdays):
        if day.year != year:
            raise Invalid(f"workdays[{i}]", f"{chinese_date(day)}不在{year}年内 (not in {year})")
        if day.weekday() < 5:
            raise Invalid(
                f"workdays[{i}]", f"{chinese_date(day)}不是周末，调休上班日应为周末 (not a weekend)"
            )


def _arranged(arrangement: Arrangement, row: CalendarYear) -> Envelope:
    data = CalendarArranged(
        year=arrangement.year,
        holidays=[HolidayDay(date=d, name=n) for d, n in sorted(arrangement.holidays.items())],
        workdays=arrangement.workdays,
        source=arrangement.source,
        arranged_at=row.entered_at,
    )
    return envelope_for(
        data, subject=str(arrangement.year), unit=None, actor=row.entered_by, time=row.entered_at
    )


def _read(arrangement: Arrangement, row: CalendarYear | None) -> ArrangementRead:
    return ArrangementRead(
        year=arrangement.year,
        holidays=[HolidayDay(date=d, name=n) for d, n in sorted(arrangement.holidays.items())],
        workdays=arrangement.workdays,
        source=arrangement.source,
        entered_by=row.entered_by if row else None,
        entered_at=row.entered_at if row else None,
    )
