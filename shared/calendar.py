"""The office's working-day calendar (工作日): weekends, official holidays and make-up working days (调休).

A year's arrangement is the State Council's yearly notice, kept as the office's data: the
years shipped in `shared/data/holidays.yaml` (OFFICE_HOLIDAYS_FILE), and the years an admin
enters through docs (`PUT /api/v1/calendar/{year}`), which every service that counts
working days keeps from the `office.docs.calendar.arranged` event. A working-day computation
in a year nobody entered is refused (`YearNotArranged`, a 409 naming the year), never guessed.
"""

from collections.abc import Awaitable, Callable, Iterable, Mapping
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from fastapi import FastAPI, Request
from prometheus_client import Counter
from pydantic import BaseModel, Field
from sqlalchemy import JSON, Integer, String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from shared.contracts.calendar import CalendarArranged
from shared.envelope import Envelope, utcnow
from shared.errors import Conflict
from shared.types import UtcDateTime

ONE_DAY = timedelta(days=1)
WARN_FROM_MONTH = 12  # from 1 December, a missing next year is a warning on /readyz

CALENDAR_MISSING = Counter(
    "office_calendar_year_missing",
    "Working-day computations refused because the year's holiday arrangement is not entered",
    ["year"],
)


class YearNotArranged(Conflict):
    """A working day was asked of a year whose holiday arrangement nobody entered."""

    def __init__(self, year: int) -> None:
        CALENDAR_MISSING.labels(str(year)).inc()
        super().__init__(
            f"尚未录入{year}年节假日安排，无法计算工作日：请管理员按国务院办公厅通知以 "
            f"PUT /api/v1/calendar/{year} 录入 (the {year} holiday arrangement is not entered)",
            year=year,
        )
        self.year = year


class Arrangement(BaseModel):
    """One year's notice: days off by holiday name, and the weekend days that are working days."""

    year: int
    holidays: dict[date, str] = Field(default_factory=dict)
    workdays: list[date] = Field(default_factory=list)
    source: str | None = None


class OfficeCalendar:
    """Working days over the years that are arranged."""

    def __init__(self, arrangements: Iterable[Arrangement]) -> None:
        self.years: dict[int, Arrangement] = {a.year: a for a in arrangements}
        self._workdays = {a.year: frozenset(a.workdays) for a in self.years.values()}

    def arrangement(self, year: int) -> Arrangement:
        found = self.years.get(year)
        if found is None:
            raise YearNotArranged(year)
        return found

    def is_workday(self, day: date) -> bool:
        arrangement = self.arrangement(day.year)
        if day in self._workdays[day.year]:
            return True
        return day.weekday() < 5 and day not in arrangement.holidays

    def holiday_name(self, day: date) -> str | None:
        """The holiday a day off belongs to (春节), None for a working day or a plain weekend."""
        return self.arrangement(day.year).holidays.get(day)

    def next_workday(self, day: date) -> date:
        """`day` itself when it is a working day, else the first working day after it."""
        while not self.is_workday(day):
            day += ONE_DAY
        return day

    def last_workday_before(self, day: date) -> date:
        """The last working day before `day`: what is due by then is late on `day`."""
        day -= ONE_DAY
        while not self.is_workday(day):
            day -= ONE_DAY
        return day

    def add_working_days(self, start: date, days: int) -> date:
        """The `days`-th working day after `start` (start itself not counted)."""
        day, counted = start, 0
        while counted < days:
            day += ONE_DAY
            counted += self.is_workday(day)
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; 0 when end is not after start."""
        count, day = 0, start
        while day < end:
            day += ONE_DAY
            count += self.is_workday(day)
        return count

    def warning(self, today: date) -> str | None:
        """From 1 December, that next year's arrangement is still to be entered."""
        upcoming = today.year + 1
        if today.month < WARN_FROM_MONTH or upcoming in self.years:
            return None
        return f"尚未录入{upcoming}年节假日安排，{upcoming}年的工作日期限将无法计算 (enter {upcoming})"


@lru_cache(maxsize=4)
def shipped(path: Path) -> tuple[Arrangement, ...]:
    """The years of the holidays file, read once per process."""
    raw: Mapping[int, Mapping[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return tuple(Arrangement(year=int(year), **body) for year, body in raw.items())


class CalendarYearColumns:
    """The table of entered years each service that counts working days keeps (`calendar_years`)."""

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    arrangement: Mapped[dict[str, Any]] = mapped_column(JSON)
    entered_by: Mapped[str] = mapped_column(String(100))
    entered_at: Mapped[datetime] = mapped_column(UtcDateTime())


async def load(session: AsyncSession, table: type[CalendarYearColumns], path: Path) -> OfficeCalendar:
    """The shipped years, overridden by the years entered (a handful of small rows)."""
    rows = (await session.scalars(select(table))).all()
    entered = {row.year: Arrangement.model_validate(row.arrangement) for row in rows}
    shipped_years = {a.year: a for a in shipped(path)}
    return OfficeCalendar({**shipped_years, **entered}.values())


def arrangement_of(event: CalendarArranged) -> Arrangement:
    holidays = {h.date: h.name for h in event.holidays}
    return Arrangement(year=event.year, holidays=holidays, workdays=event.workdays, source=event.source)


async def keep_arranged(session: AsyncSession, table: type[CalendarYearColumns], envelope: Envelope) -> None:
    """Keeps an entered year from its event; an older event than the year kept changes nothing."""
    event = CalendarArranged.from_envelope(envelope)
    row = await session.get(table, event.year)
    if row is not None and row.entered_at >= event.arranged_at:
        return
    if row is None:
        row = table()
        row.year = event.year
        session.add(row)
    row.arrangement = arrangement_of(event).model_dump(mode="json")
    row.entered_by = envelope.actor or "docs"
    row.entered_at = event.arranged_at


def dependency(table: type[CalendarYearColumns]) -> Callable[..., Awaitable[OfficeCalendar]]:
    """A FastAPI dependency answering the service's calendar (for `Annotated[..., Depends(...)]`)."""

    async def working_days(request: Request) -> OfficeCalendar:
        async with request.app.state.factory() as session:
            return await load(session, table, request.app.state.settings.holidays_file)

    return working_days


def readiness(table: type[CalendarYearColumns]) -> Callable[[FastAPI], Awaitable[list[str]]]:
    """The `/readyz` warning of a service that counts working days (`ServiceSpec.warnings`)."""

    async def warnings(app: FastAPI) -> list[str]:
        settings = app.state.settings
        async with app.state.factory() as session:
            calendar = await load(session, table, settings.holidays_file)
        warning = calendar.warning(utcnow().astimezone(ZoneInfo(settings.timezone)).date())
        return [warning] if warning else []

    return warnings
