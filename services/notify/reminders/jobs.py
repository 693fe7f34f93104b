"""The reminder sender: every so often, claim the reminders due and stage their events.

Each reminder is claimed in the transaction that stages its `office.notify.reminder.sent`
event (which notify's own consumer then puts in the inbox), so a second replica
never sends it too, and a restart, before or after the commit, neither loses nor
repeats it.
"""

from fastapi import FastAPI

from services.notify.reminders.service import send_due
from services.notify.settings import NotifySettings
from shared.db import transaction
from shared.envelope import utcnow
from shared.jobs import run_rounds


async def send_reminders(app: FastAPI) -> None:
    """The background job: send due reminders until shutdown."""
    settings: NotifySettings = app.state.settings

    async def claim_and_stage() -> int:
        async with transaction(app.state.factory) as session:
            return await send_due(session=session, now=utcnow(), batch=settings.reminder_batch)

    await run_rounds(
        claim_and_stage, job="reminders", rest_s=settings.reminder_poll_s, batch=settings.reminder_batch
    )
