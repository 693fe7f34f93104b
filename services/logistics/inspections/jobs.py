"""The claimer of missed inspections: every so often, record each period that passed without
a result (once: replicas that scan together insert nothing twice) and publish it."""

from zoneinfo import ZoneInfo

from fastapi import FastAPI

from services.logistics.inspections.service import record_misses
from shared.db import transaction
from shared.envelope import utcnow
from shared.jobs import run_rounds


async def scan_missed_inspections(app: FastAPI) -> None:
    settings = app.state.settings
    timezone = ZoneInfo(settings.timezone)

    async def record() -> int:
        async with transaction(app.state.factory) as session:
            return await record_misses(session=session, as_of=utcnow(), timezone=timezone)

    await run_rounds(record, job="missed inspections", rest_s=settings.inspection_scan_s)
