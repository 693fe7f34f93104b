"""The reminder sender: every so often, claim the reminders due and stage their events.

Each reminder is claimed in the transaction that stages its `office.notify.reminder.sent`
event (which notify's own consumer then puts in the inbox), so a second replica
never sends it too, and a restart, before or after the commit, neither loses nor
repeats it.
"""

import asyncio

from fastapi import FastAPI

from services.notify.reminders.service import send_due
from services.notify.settings import NotifySettings
from shared.db import transaction
from shared.envelope import utcnow
from shared.telemetry import log


async def send_reminders(app: FastAPI) -> None:
    """The background job: send due reminders until shutdown."""
    settings: NotifySettings = app.state.settings
    while True:
        claimed = 0
        try:
            async with transaction(app.state.factory) as session:
                claimed = await send_due(session=session, now=utcnow(), batch=settings.reminder_batch)
            if claimed:
                log.info("reminders sent", count=claimed)
        except Exception as exc:  # a database hiccup must not end the loop
            log.warning("reminder round failed", error=repr(exc))
        if claimed < settings.reminder_batch:
            await asyncio.sleep(settings.reminder_poll_s)
