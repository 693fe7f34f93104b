"""Routes of the office's holiday arrangement: `GET`/`PUT /calendar/{year}`."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request

from services.docs.holidays import service
from services.docs.holidays.schemas import ArrangementRead, ArrangementWrite
from services.docs.models import CalendarYear
from shared import calendar
from shared.command import Ask, Cmd, created_or_replaced

router = APIRouter(tags=["calendar"])
Year = Annotated[int, Path(ge=1900, le=2200)]
working_days = calendar.dependency(CalendarYear)
WorkingDays = Annotated[calendar.OfficeCalendar, Depends(working_days)]


@router.get("/calendar/{year}")
async def get_arrangement(year: Year, request: Request, ask: Ask) -> ArrangementRead:
    """The year's holidays and make-up working days (409 when the year is not entered yet)."""
    return await service.read(session=ask.session, year=year, path=request.app.state.settings.holidays_file)


@router.put("/calendar/{year}", response_model=ArrangementRead, responses={201: {"model": ArrangementRead}})
async def put_arrangement(year: Year, payload: ArrangementWrite, cmd: Cmd) -> Any:
    """Enters a year's arrangement from the State Council's notice (admin); 201 new, 200 replaced."""
    change = service.arrange(cmd, year, payload)
    return await cmd.answer(change, lambda stored: stored[0], status=created_or_replaced)
