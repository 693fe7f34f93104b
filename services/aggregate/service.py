"""The figures a portal asks for: a year beside the year before, for the office or one unit,
and every unit side by side with rankings."""

from sqlalchemy.ext.asyncio import AsyncSession

from services.aggregate import figures
from services.aggregate.models import Generation
from services.aggregate.projection import live_generation
from services.aggregate.schemas import (
    Compared,
    DocsStats,
    ProjectionStatus,
    RankEntry,
    ReceivedStats,
    UnitsStats,
    UnitStats,
    YearStats,
)
from shared.units import UnitRegistry

RECEIVED_PARTS = ("oa", "intranet", "paper_email", "classified")
RANKED_METRICS = ("docs.received.total",)
Sums = dict[tuple[str, int], int]


def compose(year: int, unit: str | None, sums: Sums) -> YearStats:
    """Lay the sums of two years out as CONTRACT.md's statistics."""

    def compared(metric: str) -> Compared:
        return Compared.of(sums.get((metric, year), 0), sums.get((metric, year - 1), 0))

    received = ReceivedStats(
        total=compared("docs.received.total"),
        **{part: compared(f"docs.received.{part}") for part in RECEIVED_PARTS},
    )
    return YearStats(year=year, unit=unit, docs=DocsStats(received=received))


async def year_stats(*, session: AsyncSession, year: int, unit: str | None) -> YearStats:
    """The year's figures beside last year's, for the office or one unit."""
    generation = await live_generation(session)
    sums = await figures.yearly_sums(session, generation=generation, years=[year, year - 1], unit=unit)
    return compose(year, unit, sums)


def rank(values: dict[str, int]) -> list[RankEntry]:
    """Highest first; ties share a rank and the next rank skips (1, 1, 3)."""
    ordered = sorted(values.items(), key=lambda item: (-item[1], item[0]))
    entries: list[RankEntry] = []
    for position, (unit, value) in enumerate(ordered, start=1):
        shared_rank = entries[-1].rank if entries and entries[-1].value == value else position
        entries.append(RankEntry(unit=unit, value=value, rank=shared_rank))
    return entries


async def units_stats(*, session: AsyncSession, year: int, units: UnitRegistry) -> UnitsStats:
    """Every unit's figures for the year, and rankings across units."""
    generation = await live_generation(session)
    per_unit = await figures.per_unit_sums(session, generation=generation, years=[year, year - 1])
    rows = []
    for unit in units.units:
        sums = {(m, y): v for (u, m, y), v in per_unit.items() if u == unit.code}
        rows.append(
            UnitStats(code=unit.code, name=unit.name, kind=unit.kind, stats=compose(year, unit.code, sums))
        )
    rankings = {
        metric: rank({u.code: per_unit.get((u.code, metric, year), 0) for u in units.units})
        for metric in RANKED_METRICS
    }
    return UnitsStats(year=year, items=rows, rankings=rankings)


async def projection_status(*, session: AsyncSession, pending: int | None) -> ProjectionStatus:
    from sqlalchemy import select

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
