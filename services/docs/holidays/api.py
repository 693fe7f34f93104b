"""Routes of the office's holiday arrangement: `GET`/`PUT /calendar/{year}`."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from services.docs.holidays import service
from services.docs.holidays.schemas import ArrangementRead, ArrangementWrite
from services.docs.models import CalendarYear
from shared import calendar
from shared.bounds import YearPath
from shared.command import Ask, Cmd, created_or_replaced

router = APIRouter(tags=["calendar"])
working_days = calendar.dependency(CalendarYear)
WorkingDays = Annotated[calendar.OfficeCalendar, Depends(working_days)]


@router.get("/calendar/{year}")
async def get_arrangement(year: YearPath, request: Request, ask: Ask) -> ArrangementRead:
    """The year's holidays and make-up working days (409 when the year is not entered yet)."""
    return await service.read(session=ask.session, year=year, path=request.app.state.settings.holidays_file)


@router.put("/calendar/{year}", response_model=ArrangementRead, responses={201: {"model": ArrangementRead}})
async def put_arrangement(year: YearPath, payload: ArrangementWrite, cmd: Cmd) -> Any:
    """Enters a year's arrangement from the State Council's notice (admin); 201 new, 200 replaced."""
    change = service.arrange(cmd, year, payload)
    return await cmd.answer(change, lambda stored: stored[0], status=created_or_replaced)
