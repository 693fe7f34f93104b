"""The projection rules: which event moves which figure, and the figures of a year.

Handlers tally into the session (`tally`); `flush_tallies` writes each distinct figure
once per batch, as an upsert that adds, so a batch of thousands of events costs a few
statements and redelivered events (skipped by the consumer) never count twice.
"""

from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.aggregate.models import ALL_UNITS, Figure
from services.aggregate.schemas import Compared, DocsStats, ReceivedStats, YearStats
from shared.contracts import IncomingRegistered
from shared.upsert import insert_for, table_of

TALLIES = "figure_tallies"
RECEIVED_PARTS = ("oa", "intranet", "paper_email", "classified")


def received_part(*, channel: str, classification: str) -> str:
    """The part of 收文 a document counts in: 密件 first, then by channel; the parts add up."""
    if classification != "none":
        return "classified"
    if channel in ("oa", "intranet"):
        return channel
    return "paper_email"


def tally(session: AsyncSession, *, metric: str, when: datetime, unit: str, tz: ZoneInfo) -> None:
    """Count one for the metric in the month of `when` (office time), for the unit and for all."""
    local = when.astimezone(tz)
    tallies: Counter[tuple[str, int, int, str]] = session.info.setdefault(TALLIES, Counter())
    tallies[(metric, local.year, local.month, unit)] += 1
    tallies[(metric, local.year, local.month, ALL_UNITS)] += 1


async def flush_tallies(session: AsyncSession) -> None:
    """Write the batch's tallies as adding upserts."""
    tallies: Counter[tuple[str, int, int, str]] = session.info.pop(TALLIES, Counter())
    table = table_of(Figure)
    for (metric, year, month, unit), count in sorted(tallies.items()):
        statement = insert_for(session, Figure).values(
            metric=metric, year=year, month=month, unit=unit, value=count
        )
        await session.execute(
            statement.on_conflict_do_update(
                index_elements=["metric", "year", "month", "unit"],
                set_={"value": table.c.value + count},
            )
        )


def apply_incoming_registered(session: AsyncSession, event: IncomingRegistered, tz: ZoneInfo) -> None:
    for metric in (
        "docs.received.total",
        f"docs.received.{received_part(channel=event.channel, classification=event.classification)}",
    ):
        tally(session, metric=metric, when=event.received_at, unit=event.unit, tz=tz)


async def yearly_figures(
    *, session: AsyncSession, years: list[int], unit: str | None
) -> dict[tuple[str, int], int]:
    """Sums by metric and year, for a unit or for all."""
    query = (
        select(Figure.metric, Figure.year, func.sum(Figure.value))
        .where(Figure.year.in_(years), Figure.unit == (unit or ALL_UNITS))
        .group_by(Figure.metric, Figure.year)
    )
    return {(metric, year): int(total) for metric, year, total in (await session.execute(query)).all()}


async def year_stats(*, session: AsyncSession, year: int, unit: str | None) -> YearStats:
    """The figures of a year beside the year before."""
    figures = await yearly_figures(session=session, years=[year, year - 1], unit=unit)

    def compared(metric: str) -> Compared:
        return Compared.of(figures.get((metric, year), 0), figures.get((metric, year - 1), 0))

    received = ReceivedStats(
        total=compared("docs.received.total"),
        **{part: compared(f"docs.received.{part}") for part in RECEIVED_PARTS},
    )
    return YearStats(year=year, unit=unit, docs=DocsStats(received=received))
