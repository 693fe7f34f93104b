"""Assembles the annual report from the live figures."""

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.aggregate import service
from services.aggregate.indicators import service as indicator_service
from services.aggregate.report import charts, text
from services.aggregate.report.render import AnnualReport
from shared.units import UnitRegistry

TOP_UNITS = 15
# matplotlib is not thread-safe: every drawing is made on this one thread, off the event loop.
DRAWING = ThreadPoolExecutor(max_workers=1, thread_name_prefix="charts")


async def _drawn(draw: Callable[..., charts.Chart], *args: Any) -> charts.Chart:
    return await asyncio.get_running_loop().run_in_executor(DRAWING, draw, *args)


async def annual_report(
    *, session: AsyncSession, year: int, unit: str | None, units: UnitRegistry
) -> AnnualReport:
    stats = await service.year_stats(session=session, year=year, unit=unit)
    unit_name = units.by_code[unit].name if unit else None
    indicators = None if unit else await indicator_service.year_summary(session=session, year=year)
    return AnnualReport(
        title=text.title(stats, unit_name),
        year=year,
        unit=unit,
        sections=text.sections(stats, indicators),
        figures=stats,
    )


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
