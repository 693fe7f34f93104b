"""The figures a portal asks for: a year beside the year before, for the office or one unit,
by month, and every unit side by side with rankings."""

from typing import Any

from nats.js.errors import NotFoundError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.aggregate import figures
from services.aggregate import metrics as M
from services.aggregate.layout import compose
from services.aggregate.models import Generation
from services.aggregate.projection import durable_name, live_generation
from services.aggregate.schemas import (
    MonthlyStats,
    ProjectionStatus,
    RankEntry,
    UnitsStats,
    UnitStats,
    YearStats,
)
from shared.db import SessionFactory
from shared.ranking import competition_rank
from shared.units import UnitRegistry

RANKED_METRICS = (M.INFO_POINTS, M.INFO_ADOPTED, M.RECEIVED_TOTAL, M.MEETINGS_TOTAL)
MONTHLY_METRICS = (M.RECEIVED_TOTAL, M.SENT_TOTAL, M.MEETINGS_TOTAL, M.INFO_POINTS)


async def year_stats(*, session: AsyncSession, year: int, unit: str | None) -> YearStats:
    """The year's figures beside last year's, for the office or one unit."""
    generation = await live_generation(session)
    years = [year, year - 1]
    sums = await figures.yearly_sums(session, generation=generation, years=years, unit=unit)
    settings = await figures.settings_of(session, generation=generation, years=years, unit=unit)
    return compose(year, unit, sums, settings)


async def monthly_stats(*, session: AsyncSession, year: int, unit: str | None) -> MonthlyStats:
    """Month by month, this year and last, for the metrics charts show."""
    generation = await live_generation(session)

    async def series(metric: M.Metric, of_year: int) -> list[int]:
        by_month = await figures.monthly_sums(
            session, generation=generation, metric=metric, year=of_year, unit=unit
        )
        return [by_month.get(month, 0) for month in range(1, 13)]

    return MonthlyStats(
        year=year,
        unit=unit,
        months={m: await series(m, year) for m in MONTHLY_METRICS},
        months_prev={m: await series(m, year - 1) for m in MONTHLY_METRICS},
    )


def rank(values: dict[str, int]) -> list[RankEntry]:
    """Highest first; ties share a rank and the next rank skips (1, 1, 3: shared.ranking)."""
    return [RankEntry(unit=unit, value=value, rank=place) for place, unit, value in competition_rank(values)]


async def units_stats(*, session: AsyncSession, year: int, units: UnitRegistry) -> UnitsStats:
    """Every unit's figures for the year, and rankings across units."""
    generation = await live_generation(session)
    years = [year, year - 1]
    per_unit = await figures.per_unit_sums(session, generation=generation, years=years)
    per_unit_set = await figures.per_unit_settings(session, generation=generation, years=years)
    rows = []
    for unit in units.units:
        sums = {(m, y): v for (u, m, y), v in per_unit.items() if u == unit.code}
        settings = {(m, y): v for (u, m, y), v in per_unit_set.items() if u == unit.code}
        stats = compose(year, unit.code, sums, settings)
        rows.append(UnitStats(code=unit.code, name=unit.name, kind=unit.kind, stats=stats))
    rankings = {
        metric: rank({u.code: per_unit.get((u.code, metric, year), 0) for u in units.units})
        for metric in RANKED_METRICS
    }
    return UnitsStats(year=year, items=rows, rankings=rankings)


async def projection_status(*, session: AsyncSession, pending: int | None) -> ProjectionStatus:
    generations = list((await session.scalars(select(Generation).order_by(Generation.number))).all())
    live = next((g for g in generations if g.state == "live"), None)
    building = next((g for g in generations if g.state == "building"), None)
    return ProjectionStatus(
        generation=live.number if live else 1,
        events_applied=live.applied if live else 0,
        last_event_time=live.last_event_time if live else None,
        lag=pending,
        rebuilding=building.number if building else None,
        rebuild_applied=building.applied if building else None,
    )


async def status_now(factory: SessionFactory, bus: Any) -> ProjectionStatus:
    """The projection as it stands: its generations and the events its consumer has not acknowledged."""
    async with factory() as session:
        pending = await pending_events(bus, durable_name(await live_generation(session)))
        return await projection_status(session=session, pending=pending)


async def pending_events(bus: Any, durable: str) -> int | None:
    """The events the projection's consumer has not yet acknowledged (None: no bus, no consumer)."""
    if not bus.connected:
        return None
    try:
        info = await bus.js.consumer_info(bus.stream, durable)
    except NotFoundError:
        return None
    return int(info.num_pending + info.num_ack_pending)
