"""Routes of recurring meetings."""

from typing import Any

from fastapi import APIRouter, Request

from services.meetings import service as meetings
from services.meetings.api_common import MeetingId, timezone_of
from services.meetings.models import Meeting, Series
from services.meetings.recurrence import service
from services.meetings.schemas import MeetingRead, SeriesCreate, SeriesRead
from shared.app import Registry, Session
from shared.auth import CurrentCaller
from shared.errors import NotFound
from shared.idempotency import IdempotencyHeader, commit_once

router = APIRouter(tags=["recurring meetings"])


@router.post("/series", status_code=201, response_model=SeriesRead)
async def schedule_series(
    request: Request,
    payload: SeriesCreate,
    session: Session,
    caller: CurrentCaller,
    units: Registry,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Schedules a recurring meeting: every occurrence at once, each a meeting of its own."""

    async def produce() -> SeriesRead:
        series, occurrences = await service.schedule_series(
            session=session, caller=caller, units=units, payload=payload, timezone=timezone_of(request)
        )
        return series_read(series, occurrences)

    return await commit_once(
        session, caller=caller, key=idempotency_key, route="POST /series", produce=produce
    )


@router.get("/series/{series_id}")
async def get_series(series_id: MeetingId, session: Session, caller: CurrentCaller) -> SeriesRead:
    """A recurring meeting and the occurrences this caller may see (cancelled ones too)."""
    series = await session.get(Series, series_id)
    query = meetings.visible_meetings(caller).where(Meeting.series_id == series_id).order_by(Meeting.start)
    occurrences = list((await session.scalars(query)).all())
    if series is None or not occurrences:
        raise NotFound(f"系列会议 {series_id} 不存在或无权查看 (series not found)")
    return series_read(series, occurrences)


def series_read(series: Series, occurrences: list[Meeting]) -> SeriesRead:
    return SeriesRead(
        id=series.id,
        title=series.title,
        organizer_unit=series.organizer_unit,
        rule=series.rule,
        occurrences=[MeetingRead.model_validate(m) for m in occurrences],
    )
