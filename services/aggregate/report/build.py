"""Assembles the annual report from the live figures."""

from sqlalchemy.ext.asyncio import AsyncSession

from services.aggregate import service
from services.aggregate.indicators import service as indicator_service
from services.aggregate.report import charts, text
from services.aggregate.report.render import AnnualReport
from shared.units import UnitRegistry

TOP_UNITS = 15


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
    *, session: AsyncSession, year: int, unit: str | None, units: UnitRegistry
) -> list[charts.Chart]:
    """Documents received per month (both years); information points per unit."""
    monthly = await service.monthly_stats(session=session, year=year, unit=unit)
    received = charts.monthly_comparison(
        year,
        monthly.months["docs.received.total"],
        monthly.months_prev["docs.received.total"],
        f"图1 {year - 1}—{year}年逐月收文量（件）",
    )
    if unit is not None:
        return [received]
    table = await service.units_stats(session=session, year=year, units=units)
    points = [(e.unit, e.value) for e in table.rankings["infoscore.points"][:TOP_UNITS] if e.value > 0]
    return [
        received,
        charts.ranking(points, f"图2 {year}年各单位政务信息得分（前{TOP_UNITS}名，按单位代码）"),
    ]
