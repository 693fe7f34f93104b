"""Routes of recurring meetings."""

from typing import Any

from fastapi import APIRouter

from services.meetings.recurrence import service
from services.meetings.schemas import SeriesCreate, SeriesRead
from shared.bounds import IdPath
from shared.command import Ask, Cmd

router = APIRouter(tags=["recurring meetings"])


@router.post("/series", status_code=201, response_model=SeriesRead)
async def schedule_series(payload: SeriesCreate, cmd: Cmd) -> Any:
    """Schedules a recurring meeting: every occurrence at once, each a meeting of its own."""
    return await cmd.answer(service.schedule_series(cmd, payload), service.series_read)


@router.get("/series/{series_id}")
async def get_series(series_id: IdPath, ask: Ask) -> SeriesRead:
    """A recurring meeting and the occurrences this caller may see (cancelled ones too)."""
    return service.series_read(await service.get_series(ask, series_id))
