"""The overdue watch: a loop that flags items once their deadline has passed (ServiceSpec.background)."""

from functools import partial
from zoneinfo import ZoneInfo

from fastapi import FastAPI

from services.docs.supervision import service
from shared.db import transaction
from shared.envelope import utcnow
from shared.jobs import run_rounds

SCAN_FINISH_S = 30.0  # at shutdown, the longest a scan under way is waited for


async def scan_once(app: FastAPI) -> int:
    """Flags every item overdue by now, in batches; answers how many were flagged."""
    timezone = ZoneInfo(app.state.settings.timezone)
    total = 0
    while True:
        async with transaction(app.state.factory) as session:
            marked = await service.mark_overdue(session=session, now=utcnow(), timezone=timezone)
        total += marked
        if marked < service.OVERDUE_BATCH:
            return total


async def overdue_watch(app: FastAPI) -> None:
    """Scans now and every `supervision_scan_s`; a scan under way finishes before shutdown stops it
    (a transaction cancelled half-way would hold its connection while the engine is disposed)."""
    scan, rest_s = partial(scan_once, app), app.state.settings.supervision_scan_s
    await run_rounds(scan, job="overdue supervision items", rest_s=rest_s, finish_s=SCAN_FINISH_S)
