"""Assembles the annual report from the live figures."""

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.aggregate import figures, service
from services.aggregate.indicators import service as indicator_service
from services.aggregate.profile import Profile, voice
from services.aggregate.projection import live_generation
from services.aggregate.report import charts, summary
from services.aggregate.report.data import BehindTarget, ReportData
from services.aggregate.report.render import AnnualReport
from shared.units import UnitRegistry

TOP_UNITS = 15
# matplotlib is not thread-safe: every drawing is made on this one thread, off the event loop.
DRAWING = ThreadPoolExecutor(max_workers=1, thread_name_prefix="charts")


async def _drawn(draw: Callable[..., charts.Chart], *args: Any) -> charts.Chart:
    return await asyncio.get_running_loop().run_in_executor(DRAWING, draw, *args)


async def annual_report(
    *, session: AsyncSession, year: int, unit: str | None, units: UnitRegistry, profile: Profile
) -> AnnualReport:
    data = await report_data(session=session, year=year, unit=unit, units=units, profile=profile)
    sections, placeholders = summary.compose(data)
    return AnnualReport(
        title=summary.title(data),
        year=year,
        unit=unit,
        sections=sections,
        placeholders=placeholders,
        figures=data.stats,
    )


async def report_data(
    *, session: AsyncSession, year: int, unit: str | None, units: UnitRegistry, profile: Profile
) -> ReportData:
    """Everything the text is written from, read from what is already projected (no scans)."""
    stats = await service.year_stats(session=session, year=year, unit=unit)
    generation = await live_generation(session)
    reported = await figures.reported_of(session, generation=generation, years=[year], unit=unit)
    facts = profile.of(year)
    indicators, behind = None, []
    if unit is None:
        indicators = {
            y: await indicator_service.year_summary(session=session, year=y)
            for y in (year, year - 2, year - 1)
        }
        behind = await _behind(session, generation, year, units)
    return ReportData(
        stats=stats,
        facts=facts,
        voice=voice(facts, units.by_code[unit] if unit else None),
        reported={metric: value for (metric, _), value in reported.items()},
        indicators=indicators,
        behind=behind,
    )


async def _behind(
    session: AsyncSession, generation: int, year: int, units: UnitRegistry
) -> list[BehindTarget]:
    progress = await figures.units_against_target(
        session, generation=generation, year=year, metric="infoscore.points", target="infoscore.target.points"
    )
    return [
        BehindTarget(name=units.by_code[code].name if code in units else code, points=points, target=target)
        for code, (points, target) in sorted(progress.items())
        if points < target
    ]


async def report_charts(
    *, session: AsyncSession, year: int, unit: str | None, units: UnitRegistry, form: charts.Form
) -> list[charts.Chart]:
    """Documents received per month (both years); information points per unit."""
    monthly = await service.monthly_stats(session=session, year=year, unit=unit)
    received = await _drawn(
        charts.monthly_comparison,
        year,
        tuple(monthly.months["docs.received.total"]),
        tuple(monthly.months_prev["docs.received.total"]),
        f"图1 {year - 1}—{year}年逐月收文量（件）",
        form,
    )
    if unit is not None:
        return [received]
    table = await service.units_stats(session=session, year=year, units=units)
    points = tuple((e.unit, e.value) for e in table.rankings["infoscore.points"][:TOP_UNITS] if e.value > 0)
    caption = f"图2 {year}年各单位政务信息得分（前{TOP_UNITS}名，按单位代码）"
    return [received, await _drawn(charts.ranking, points, caption, form)]
