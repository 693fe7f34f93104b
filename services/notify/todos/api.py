"""To-do routes: the items waiting on the caller's unit (office staff: any unit) and on the caller's role."""

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Query

from services.notify.inbox.api import UnitParam
from services.notify.inbox.service import inbox_unit
from services.notify.todos import service
from services.notify.todos.models import Todo
from services.notify.todos.schemas import TodoRead, TodoStatus
from shared.app import Registry, Session
from shared.auth import ReadingCaller
from shared.command import OfficeZone
from shared.envelope import utcnow
from shared.pagination import Page, Paging, page

router = APIRouter(tags=["todos"])


@router.get("/todos")
async def list_todos(
    session: Session,
    caller: ReadingCaller,
    units: Registry,
    zone: OfficeZone,
    paging: Paging,
    status: Annotated[TodoStatus, Query(description="open 待办 | done 已办")] = "open",
    unit: UnitParam = None,
) -> Page[TodoRead]:
    """The to-do list (待办) of the caller's unit and of the office steps the caller's role takes.

    A page signed in to the dashboard reads it with its session cookie (`NOTIFY_CORS_ORIGINS`)."""
    box = inbox_unit(caller=caller, units=units, unit=unit)
    query = service.visible_todos(caller=caller, unit=box, status=status)
    read = partial(service.todo_read, today=utcnow().astimezone(zone).date())
    return await page(session, query, key=Todo.id, read=read, paging=paging)
