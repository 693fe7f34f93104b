"""Reminder routes: what is coming and what went out, for the caller's unit and the caller."""

from typing import Annotated

from fastapi import APIRouter, Query

from services.notify.reminders import service
from services.notify.reminders.models import Reminder
from services.notify.reminders.schemas import ReminderFilters, ReminderRead
from shared.command import Ask
from shared.pagination import Page, Paging

router = APIRouter(tags=["reminders"])


@router.get("/reminders")
async def list_reminders(
    ask: Ask, paging: Paging, filters: Annotated[ReminderFilters, Query()]
) -> Page[ReminderRead]:
    """The reminders for the caller's unit (office staff: any unit) and for the caller in person."""
    query = service.reminder_list(ask, filters)
    return await ask.page(query, key=Reminder.id, read=service.reminder_read, paging=paging)
