"""Routes of the performance indicators."""

from typing import Annotated, Any

from fastapi import APIRouter, Path

from services.aggregate.indicators import service
from services.aggregate.indicators.schemas import IndicatorPut, IndicatorRead, IndicatorsSummary
from shared.bounds import YearPath
from shared.command import Ask, Cmd

router = APIRouter(tags=["indicators"])
Code = Annotated[str, Path(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_.-]+$")]


@router.put("/indicators/{year}/{code}", response_model=IndicatorRead)
async def put_indicator(year: YearPath, code: Code, payload: IndicatorPut, cmd: Cmd) -> Any:
    """Sets an indicator of the year (its points, self-assessed score, completion, risk)."""
    return await cmd.answer(service.put_indicator(cmd, year, code, payload), IndicatorRead)


@router.get("/indicators/{year}")
async def get_indicators(year: YearPath, ask: Ask) -> IndicatorsSummary:
    """The year's indicators with totals by kind and those at risk."""
    ask.caller.require("staff", "leader", "admin", "auditor")
    return await service.year_summary(session=ask.session, year=year)
