"""Routes of the aggregate service."""

from typing import Annotated

from fastapi import APIRouter, Path, Query

from services.aggregate import service
from services.aggregate.schemas import YearStats
from shared.app import Registry, Session
from shared.auth import CurrentCaller
from shared.errors import Forbidden

router = APIRouter(tags=["stats"])
Year = Annotated[int, Path(ge=1900, le=2200)]


@router.get("/stats/{year}")
async def get_year_stats(
    year: Year,
    session: Session,
    caller: CurrentCaller,
    units: Registry,
    unit: Annotated[str | None, Query(description="unit code; all units when absent")] = None,
) -> YearStats:
    """The year's figures beside last year's, for the office or one unit."""
    if unit is not None:
        units.require(unit, "unit")
    if not caller.acts_for_office and not caller.has("auditor") and unit != caller.unit:
        raise Forbidden("只能查看本单位的统计 (only your own unit's figures): 加上 ?unit=" + caller.unit)
    return await service.year_stats(session=session, year=year, unit=unit)
