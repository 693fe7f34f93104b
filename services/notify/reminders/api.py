"""Reminder routes: what is coming and what went out, for the caller's unit and the caller."""

from typing import Annotated

from fastapi import APIRouter, Query

from services.notify.inbox.api import UnitParam
from services.notify.inbox.service import inbox_unit
from services.notify.reminders import service
from services.notify.reminders.models import Reminder
from services.notify.reminders.schemas import ReminderRead, ReminderStatus
from shared.app import Registry, Session
from shared.auth import CurrentCaller
from shared.pagination import Page, Paging, page

router = APIRouter(tags=["reminders"])


@router.get("/reminders")
async def list_reminders(
    session: Session,
    caller: CurrentCaller,
    units: Registry,
    paging: Paging,
    status: Annotated[ReminderStatus | None, Query(description="default: all")] = None,
    unit: UnitParam = None,
) -> Page[ReminderRead]:
    """The reminders for the caller's unit (office staff: any unit) and for the caller in person."""
    box = inbox_unit(caller=caller, units=units, unit=unit)
    query = service.visible_reminders(caller=caller, unit=box, status=status)
    return await page(session, query, key=Reminder.id, read=service.reminder_read, paging=paging)
