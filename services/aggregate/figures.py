"""Where figures live: staged per batch, written as adding upserts.

A batch of thousands of events costs one statement adding to the distinct figures it moves, and the
consumer's processed-id check keeps a redelivered event from counting twice.
"""

from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.aggregate.metrics import Metric
from services.aggregate.models import ALL_UNITS, Fact, Figure, ReportedFigure
from services.aggregate.rules import Effect, Entry, Setting, Tally
from shared.upsert import add_all, insert_for, table_of

FigureKey = tuple[str, int, int, str]


class Staged:
    """What a batch adds and sets, before it is written."""

    def __init__(self) -> None:
        self.tallies: Counter[FigureKey] = Counter()
        self.settings: dict[tuple[str, int, str], tuple[int, datetime]] = {}
        self.entries: dict[tuple[str, int, str], Entry] = {}
        self.events = 0
        self.last_event_time: datetime | None = None


def stage(batch: Staged, effects: list[Effect], tz: ZoneInfo) -> None:
    for effect in effects:
        if isinstance(effect, Tally):
            local = effect.when.astimezone(tz)
            for unit in _units(effect.unit):
                batch.tallies[(effect.metric, local.year, local.month, unit)] += effect.amount
        elif isinstance(effect, Entry):
            _stage_entry(batch, effect)
        else:
            _stage_setting(batch, effect)


def _units(unit: str | None) -> list[str]:
    return [unit, ALL_UNITS] if unit and unit != ALL_UNITS else [ALL_UNITS]


def _stage_setting(batch: Staged, setting: Setting) -> None:
    key = (setting.metric, setting.year, setting.unit or ALL_UNITS)
    known = batch.settings.get(key)
    if known is None or known[1] <= setting.at:
        batch.settings[key] = (setting.value, setting.at)


def _stage_entry(batch: Staged, entry: Entry) -> None:
    key = (entry.metric, entry.year, entry.unit or ALL_UNITS)
    known = batch.entries.get(key)
    if known is None or known.at <= entry.at:
        batch.entries[key] = entry


async def _write_entries(session: AsyncSession, generation: int, batch: Staged) -> None:
    reported = table_of(ReportedFigure)
    for (metric, year, unit), entry in sorted(batch.entries.items()):
        values = {"value": entry.value, "note": entry.note, "entered_by": entry.entered_by, "at": entry.at}
        statement = insert_for(session, ReportedFigure).values(
            generation=generation, metric=metric, year=year, unit=unit, **values
        )
        await session.execute(
            statement.on_conflict_do_update(
                index_elements=["generation", "metric", "year", "unit"],
                set_=values,
                where=reported.c.at <= statement.excluded.at,
            )
        )


async def write_staged(session: AsyncSession, generation: int, batch: Staged) -> None:
    """Write the batch's figures into a generation."""
    rows = [(*key, amount) for key, amount in sorted(batch.tallies.items())]  # one statement for all
    await add_all(
        session,
        Figure,
        fixed={"generation": generation},
        keys=("metric", "year", "month", "unit"),
        column="value",
        rows=rows,
    )
    facts = table_of(Fact)
    for (metric, year, unit), (value, at) in sorted(batch.settings.items()):
        statement = insert_for(session, Fact).values(
            generation=generation, metric=metric, year=year, unit=unit, value=value, at=at
        )
        await session.execute(
            statement.on_conflict_do_update(
                index_elements=["generation", "metric", "year", "unit"],
                set_={"value": value, "at": at},
                where=facts.c.at <= statement.excluded.at,
            )
        )
    await _write_entries(session, generation, batch)


async def yearly_sums(
    session: AsyncSession, *, generation: int, years: list[int], unit: str | None
) -> dict[tuple[str, int], int]:
    """Sums by metric and year, for a unit or for all."""
    query = (
        select(Figure.metric, Figure.year, func.sum(Figure.value))
        .where(Figure.generation == generation, Figure.year.in_(years), Figure.unit == (unit or ALL_UNITS))
        .group_by(Figure.metric, Figure.year)
    )
    return {(m, y): int(total) for m, y, total in (await session.execute(query)).all()}


async def monthly_sums(
    session: AsyncSession, *, generation: int, metric: Metric, year: int, unit: str | None
) -> dict[int, int]:
    query = select(Figure.month, Figure.value).where(
        Figure.generation == generation,
        Figure.metric == metric,
        Figure.year == year,
        Figure.unit == (unit or ALL_UNITS),
    )
    return {month: int(value) for month, value in (await session.execute(query)).all()}


async def per_unit_sums(
    session: AsyncSession, *, generation: int, years: list[int]
) -> dict[tuple[str, str, int], int]:
    """Sums by unit, metric and year, for every unit (not `*`)."""
    query = (
        select(Figure.unit, Figure.metric, Figure.year, func.sum(Figure.value))
        .where(Figure.generation == generation, Figure.year.in_(years), Figure.unit != ALL_UNITS)
        .group_by(Figure.unit, Figure.metric, Figure.year)
    )
    return {(u, m, y): int(total) for u, m, y, total in (await session.execute(query)).all()}


async def settings_of(
    session: AsyncSession, *, generation: int, years: list[int], unit: str | None
) -> dict[tuple[str, int], int]:
    """Set values by metric and year: a unit's own, or (for all) the sum over units and the office's."""
    query = select(Fact.metric, Fact.year, func.sum(Fact.value)).where(
        Fact.generation == generation, Fact.year.in_(years)
    )
    if unit is not None:
        query = query.where(Fact.unit == unit)
    query = query.group_by(Fact.metric, Fact.year)
    return {(m, y): int(v) for m, y, v in (await session.execute(query)).all()}


async def per_unit_settings(
    session: AsyncSession, *, generation: int, years: list[int]
) -> dict[tuple[str, str, int], int]:
    query = select(Fact.unit, Fact.metric, Fact.year, Fact.value).where(
        Fact.generation == generation, Fact.year.in_(years), Fact.unit != ALL_UNITS
    )
    return {(u, m, y): int(v) for u, m, y, v in (await session.execute(query)).all()}


async def reported_of(
    session: AsyncSession, *, generation: int, years: list[int], unit: str | None
) -> dict[tuple[str, int], str]:
    """Reported figures by metric and year: the department's (`*`) or a unit's own."""
    query = select(ReportedFigure.metric, ReportedFigure.year, ReportedFigure.value).where(
        ReportedFigure.generation == generation,
        ReportedFigure.year.in_(years),
        ReportedFigure.unit == (unit or ALL_UNITS),
    )
    return {(m, y): v for m, y, v in (await session.execute(query)).all()}


async def units_against_target(
    session: AsyncSession, *, generation: int, year: int, metric: str, target: str
) -> dict[str, tuple[int, int]]:
    """For every unit given a target of a year: what it reached and its target."""
    targets = select(Fact.unit, Fact.value).where(
        Fact.generation == generation, Fact.year == year, Fact.metric == target, Fact.unit != ALL_UNITS
    )
    reached = (
        select(Figure.unit, func.sum(Figure.value))
        .where(Figure.generation == generation, Figure.year == year, Figure.metric == metric)
        .where(Figure.unit != ALL_UNITS)
        .group_by(Figure.unit)
    )
    got = {unit: int(total) for unit, total in (await session.execute(reached)).all()}
    return {unit: (got.get(unit, 0), int(value)) for unit, value in (await session.execute(targets)).all()}
