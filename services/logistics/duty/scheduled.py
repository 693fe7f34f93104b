"""The sender of duty reminders: every so often, claim the reminders due and publish them.

Each reminder is claimed by a conditional UPDATE in the transaction that stages its
event, so exactly one replica sends it, and a restart (before or after the commit)
neither loses nor repeats it.
"""

import asyncio

from fastapi import FastAPI

from services.logistics.duty.service import send_due_reminders
from shared.db import transaction
from shared.envelope import utcnow
from shared.telemetry import log

BATCH = 100


async def send_duty_reminders(app: FastAPI) -> None:
    settings = app.state.settings
    while True:
        claimed = 0
        try:
            async with transaction(app.state.factory) as session:
                claimed = await send_due_reminders(session=session, now=utcnow(), batch=BATCH)
            if claimed:
                log.info("duty reminders sent", count=claimed)
        except Exception as exc:  # a database hiccup must not end the loop
            log.warning("duty reminder scan failed", error=repr(exc))
        if claimed < BATCH:
            await asyncio.sleep(settings.duty_reminder_scan_s)
