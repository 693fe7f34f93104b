"""The claimer of missed inspections: every so often, record each period that passed without
a result (once: replicas that scan together insert nothing twice) and publish it."""

import asyncio
from zoneinfo import ZoneInfo

from fastapi import FastAPI

from services.logistics.inspections.service import record_misses
from shared.db import transaction
from shared.envelope import utcnow
from shared.telemetry import log


async def scan_missed_inspections(app: FastAPI) -> None:
    settings = app.state.settings
    timezone = ZoneInfo(settings.timezone)
    while True:
        try:
            async with transaction(app.state.factory) as session:
                recorded = await record_misses(session=session, as_of=utcnow(), timezone=timezone)
            if recorded:
                log.info("missed inspections recorded", count=recorded)
        except Exception as exc:  # a database hiccup must not end the loop
            log.warning("inspection scan failed", error=repr(exc))
        await asyncio.sleep(settings.inspection_scan_s)
