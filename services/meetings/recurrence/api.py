"""Routes of recurring meetings."""

from typing import Any

from fastapi import APIRouter

from services.meetings import service as meetings
from services.meetings.api_common import MeetingId
from services.meetings.models import Meeting, Series
from services.meetings.recurrence import service
from services.meetings.schemas import MeetingRead, SeriesCreate, SeriesRead
from shared.app import Session
from shared.auth import CurrentCaller
from shared.command import Cmd
from shared.errors import NotFound

router = APIRouter(tags=["recurring meetings"])


@router.post("/series", status_code=201, response_model=SeriesRead)
async def schedule_series(payload: SeriesCreate, cmd: Cmd) -> Any:
    """Schedules a recurring meeting: every occurrence at once, each a meeting of its own."""
    return await cmd.answer(service.schedule_series(cmd, payload), series_read)


@router.get("/series/{series_id}")
async def get_series(series_id: MeetingId, session: Session, caller: CurrentCaller) -> SeriesRead:
    """A recurring meeting and the occurrences this caller may see (cancelled ones too)."""
    series = await session.get(Series, series_id)
    query = meetings.visible_meetings(caller).where(Meeting.series_id == series_id).order_by(Meeting.start)
    occurrences = list((await session.scalars(query)).all())
    if series is None or not occurrences:
        raise NotFound(f"系列会议 {series_id} 不存在或无权查看 (series not found)")
    return series_read((series, occurrences))


def series_read(scheduled: tuple[Series, list[Meeting]]) -> SeriesRead:
    series, occurrences = scheduled
    return SeriesRead(
        id=series.id,
        title=series.title,
        organizer_unit=series.organizer_unit,
        rule=series.rule,
        occurrences=[MeetingRead.model_validate(m) for m in occurrences],
    )
