"""Routes of the reported figures."""

from typing import Annotated, Any

from fastapi import APIRouter, Path

from services.aggregate.reported import service
from services.aggregate.reported.schemas import ReportedMetricRead, ReportedPut, ReportedRead, ReportedYear
from shared.auth import CurrentCaller
from shared.bounds import CodeQuery, YearPath
from shared.command import Ask, Cmd, created_or_replaced
from shared.text import PRINTABLE

router = APIRouter(tags=["reported"])
Metric = Annotated[str, Path(min_length=1, max_length=80, pattern=PRINTABLE)]


@router.get("/reported/metrics")
async def get_metrics(caller: CurrentCaller) -> list[ReportedMetricRead]:
    """Every figure that is entered rather than recorded: name, measure, kind of value, per unit."""
    return service.metric_list()


@router.put(
    "/reported/{year}",
    status_code=201,
    response_model=ReportedRead,
    responses={200: {"description": "an entry replaced"}},
)
async def put_reported(year: YearPath, payload: ReportedPut, cmd: Cmd) -> Any:
    """Enters a figure of the year (201), or replaces the one entered before (200)."""
    change = service.enter(cmd, year, payload)
    return await cmd.answer(change, lambda stored: service.read(stored[0]), status=created_or_replaced)


@router.get("/reported/{year}")
async def get_reported(year: YearPath, ask: Ask) -> ReportedYear:
    """Every figure entered for the year, with who entered it and when."""
    return await service.year_entries(ask, year)


@router.get("/reported/{year}/{metric}")
async def get_reported_metric(
    year: YearPath,
    metric: Metric,
    ask: Ask,
    unit: CodeQuery = None,
) -> ReportedRead:
    """One entered figure, a unit's (`?unit=`) or the department's (absent or empty); 404 while it
    is not entered."""
    return await service.one_entry(ask, year=year, metric=metric, unit=unit)
