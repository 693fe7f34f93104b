"""Routes of the reported figures."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from services.aggregate.reported import service
from services.aggregate.reported.catalogue import METRICS
from services.aggregate.reported.schemas import ReportedMetricRead, ReportedPut, ReportedRead, ReportedYear
from shared.app import Registry, Session
from shared.auth import CurrentCaller

router = APIRouter(tags=["reported"])
Year = Annotated[int, Path(ge=1900, le=2200)]
Metric = Annotated[str, Path(min_length=1, max_length=80)]


@router.get("/reported/metrics")
async def get_metrics(caller: CurrentCaller) -> list[ReportedMetricRead]:
    """Every figure that is entered rather than recorded: name, measure, kind of value, per unit."""
    return [ReportedMetricRead(**vars(m)) for m in METRICS]


@router.put("/reported/{year}", status_code=201, responses={200: {"description": "an entry replaced"}})
async def put_reported(
    year: Year,
    payload: ReportedPut,
    response: Response,
    session: Session,
    caller: CurrentCaller,
    units: Registry,
) -> ReportedRead:
    """Enters a figure of the year (201), or replaces the one entered before (200)."""
    entry, created = await service.enter(
        session=session, caller=caller, units=units, year=year, payload=payload
    )
    answer = service.read(entry)
    await session.commit()
    response.status_code = 201 if created else 200
    return answer


@router.get("/reported/{year}")
async def get_reported(year: Year, session: Session, caller: CurrentCaller) -> ReportedYear:
    """Every figure entered for the year, with who entered it and when."""
    return ReportedYear(
        year=year, items=await service.year_entries(session=session, caller=caller, year=year)
    )


@router.get("/reported/{year}/{metric}")
async def get_reported_metric(
    year: Year,
    metric: Metric,
    session: Session,
    caller: CurrentCaller,
    units: Registry,
    unit: Annotated[
        str | None, Query(max_length=20, description="unit code; the department when absent")
    ] = None,
) -> ReportedRead:
    """One entered figure (404 while it is not entered)."""
    return await service.one_entry(
        session=session, caller=caller, units=units, year=year, metric=metric, unit=unit
    )
