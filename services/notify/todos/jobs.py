"""The morning digest: on a working day from the set hour, claim the day and stage the digests."""

from zoneinfo import ZoneInfo

from fastapi import FastAPI

from services.notify.models import CalendarYear
from services.notify.settings import NotifySettings
from services.notify.todos.service import send_digest
from shared import calendar
from shared.db import transaction
from shared.envelope import utcnow
from shared.jobs import run_rounds


async def send_digests(app: FastAPI) -> None:
    """The background job: the digests of each working morning, until shutdown."""
    settings: NotifySettings = app.state.settings
    tz = ZoneInfo(settings.timezone)

    async def claim_and_stage() -> int:
        async with transaction(app.state.factory) as session:
            office = await calendar.load(session, CalendarYear, settings.holidays_file)
            return await send_digest(
                session, now=utcnow(), calendar=office, hour=settings.todo_digest_hour, tz=tz
            )

    await run_rounds(claim_and_stage, job="todo-digest", rest_s=settings.todo_digest_poll_s)
