"""Routes of the aggregate service."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request

from services.aggregate import service
from services.aggregate.indicators import api as indicators_api
from services.aggregate.projection import start_rebuild
from services.aggregate.report import answer
from services.aggregate.reported import api as reported_api
from services.aggregate.schemas import MonthlyStats, ProjectionStatus, UnitsStats, YearStats
from shared.auth import CurrentCaller
from shared.bounds import CodeQuery, YearPath
from shared.command import Ask
from shared.downloads import DOCX

router = APIRouter(tags=["stats"])
ReportFormat = Literal["json", "markdown", "html", "docx"]


async def _figures_of(
    ask: Ask,
    unit: CodeQuery = None,
) -> str | None:
    """The unit whose figures are asked for (`?unit=`, a code; absent or empty: the whole office's),
    if the caller may see them."""
    if unit is not None:
        ask.units.require(unit, "unit")
    ask.caller.require_figures_of(unit)
    return unit


FiguresOf = Annotated[str | None, Depends(_figures_of)]


@router.get("/stats/{year}")
async def get_year_stats(year: YearPath, ask: Ask, unit: FiguresOf) -> YearStats:
    """The year's figures beside last year's, for the office or one unit."""
    return await service.year_stats(session=ask.session, year=year, unit=unit)


@router.get("/stats/{year}/monthly")
async def get_monthly_stats(year: YearPath, ask: Ask, unit: FiguresOf) -> MonthlyStats:
    """Month by month, this year and last (the charts of the annual report)."""
    return await service.monthly_stats(session=ask.session, year=year, unit=unit)


@router.get("/stats/{year}/units")
async def get_units_stats(year: YearPath, ask: Ask) -> UnitsStats:
    """Every unit's figures for the year, with rankings across units."""
    ask.caller.require_figures_of(None)
    return await service.units_stats(session=ask.session, year=year, units=ask.units)


@router.get(
    "/reports/annual/{year}",
    tags=["reports"],
    responses={200: {"content": {"text/markdown": {}, "text/html": {}, DOCX: {}}}},
)
async def get_annual_report(
    request: Request,
    year: YearPath,
    ask: Ask,
    unit: FiguresOf,
    format: Annotated[ReportFormat, Query(description="json, markdown, html or docx")] = "json",
) -> Any:
    """The annual statistical report: the work summary's sentences with every figure filled in."""
    profile = request.app.state.profile
    return await answer.annual_report(ask.session, ask.units, profile, year=year, unit=unit, format=format)


@router.post("/admin/rebuild", status_code=202, tags=["admin"])
async def rebuild(request: Request, caller: CurrentCaller) -> ProjectionStatus:
    """Rebuild every figure from the start of the event stream; the live figures answer meanwhile."""
    caller.require("admin")
    await start_rebuild(request.app.state.factory)
    return await service.status_now(request.app.state.factory, request.app.state.bus)


@router.get("/admin/status", tags=["admin"])
async def status(request: Request, caller: CurrentCaller) -> ProjectionStatus:
    """Events applied, the lag behind the stream, the last event's time, a rebuild's progress."""
    caller.require("admin", "auditor", "staff")
    return await service.status_now(request.app.state.factory, request.app.state.bus)


router.include_router(indicators_api.router)
router.include_router(reported_api.router)
