"""The sender of duty reminders: every so often, claim the reminders due and publish them.

Each reminder is claimed by a conditional UPDATE in the transaction that stages its
event, so exactly one replica sends it, and a restart (before or after the commit)
neither loses nor repeats it.
"""

from fastapi import FastAPI

from services.logistics.duty.service import send_due_reminders
from shared.db import transaction
from shared.envelope import utcnow
from shared.jobs import run_rounds

BATCH = 100


async def send_duty_reminders(app: FastAPI) -> None:
    async def claim_and_publish() -> int:
        async with transaction(app.state.factory) as session:
            return await send_due_reminders(session=session, now=utcnow(), batch=BATCH)

    rest_s = app.state.settings.duty_reminder_scan_s
    await run_rounds(claim_and_publish, job="duty reminders", rest_s=rest_s, batch=BATCH)
