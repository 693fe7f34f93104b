"""Assembles the annual report from the live figures."""

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.aggregate import figures, service
from services.aggregate import metrics as M
from services.aggregate.indicators import service as indicator_service
from services.aggregate.indicators.schemas import IndicatorsSummary
from services.aggregate.profile import Profile, voice
from services.aggregate.projection import live_generation
from services.aggregate.report import charts, names, summary
from services.aggregate.report.data import BehindTarget, ReportData
from services.aggregate.report.render import OFFICE, AnnualReport
from services.aggregate.schemas import MonthlyStats
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
        issuer=data.voice.name or OFFICE,
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
        session, generation=generation, year=year, metric=M.INFO_POINTS, target=M.TARGET_POINTS
    )
    return [
        BehindTarget(name=units.by_code[code].name if code in units else code, points=points, target=target)
        for code, (points, target) in sorted(progress.items())
        if points < target
    ]


async def report_charts(
    *, session: AsyncSession, report: AnnualReport, units: UnitRegistry, form: charts.Form
) -> list[charts.Chart]:
    """收文 and 发文 per month (both years), meetings by kind; the office's: points per unit, indicators."""
    year, unit = report.year, report.unit
    monthly = await service.monthly_stats(session=session, year=year, unit=unit)
    drawn = [
        await _monthly(monthly, M.RECEIVED_TOTAL, f"{year - 1}—{year}年逐月收文量（件）", form),
        await _monthly(monthly, M.SENT_TOTAL, f"{year - 1}—{year}年逐月发文量（件）", form),
    ]
    if unit is None:
        drawn.append(await _points_per_unit(session, year, units, form))
    if any(report.figures.meetings.by_kind.values()):
        drawn.append(await _meetings(report.figures.meetings.by_kind, year, form))
    summary = None if unit else await indicator_service.year_summary(session=session, year=year)
    if summary is not None and summary.items:
        drawn.append(await _indicators(summary, form))
    return drawn


async def _monthly(monthly: MonthlyStats, metric: str, caption: str, form: charts.Form) -> charts.Chart:
    this_year, last_year = tuple(monthly.months[metric]), tuple(monthly.months_prev[metric])
    chart = await _drawn(charts.monthly_comparison, monthly.year, this_year, last_year, caption, form)
    return replace(chart, section="docs")


async def _meetings(by_kind: dict[str, int], year: int, form: charts.Form) -> charts.Chart:
    held = sorted(((kind, n) for kind, n in by_kind.items() if n > 0), key=lambda kind_n: -kind_n[1])
    named = tuple((charts.label(names.MEETING_KINDS.get(kind, kind), kind), n) for kind, n in held)
    chart = await _drawn(charts.ranking, named, f"{year}年各类会议召开次数（次）", form)
    return replace(chart, section="meetings")


async def _points_per_unit(
    session: AsyncSession, year: int, units: UnitRegistry, form: charts.Form
) -> charts.Chart:
    table = await service.units_stats(session=session, year=year, units=units)
    top = [e for e in table.rankings[M.INFO_POINTS][:TOP_UNITS] if e.value > 0]
    points = tuple((charts.label(units.by_code[e.unit].name, e.unit), e.value) for e in top)
    caption = f"{year}年各单位政务信息得分（前{TOP_UNITS}名，分）"
    return replace(await _drawn(charts.ranking, points, caption, form), section="infoscore")


async def _indicators(summary: IndicatorsSummary, form: charts.Form) -> charts.Chart:
    kinds = [(kind, summary.by_kind[kind]) for kind in names.INDICATOR_KINDS if kind in summary.by_kind]
    values = tuple(
        (charts.label(names.INDICATOR_KINDS[kind], kind), k.points, k.self_score)
        for kind, k in kinds
        if k.count
    )
    caption = f"{summary.year}年绩效指标分值与自评得分（分）"
    return replace(await _drawn(charts.scored, values, caption, form), section="performance")
