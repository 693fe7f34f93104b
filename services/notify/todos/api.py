"""To-do routes: the items waiting on the caller's unit (office staff: any unit) and on the caller's role."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from services.notify.todos import service
from services.notify.todos.schemas import TodoFilters, TodoRead
from shared.auth import ReadingCaller
from shared.command import Inquiry, inquiry
from shared.pagination import Page, Paging

router = APIRouter(tags=["todos"])


async def reading(request: Request, caller: ReadingCaller) -> Inquiry:
    """An `Ask` whose caller is the bearer token, else a signed-in page's session cookie."""
    return await inquiry(request, caller)


ReadingAsk = Annotated[Inquiry, Depends(reading)]


@router.get("/todos")
async def list_todos(
    ask: ReadingAsk, paging: Paging, filters: Annotated[TodoFilters, Query()]
) -> Page[TodoRead]:
    """The to-do list (待办) of the caller's unit and of the office steps the caller's role takes.

    A page signed in to the dashboard reads it with its session cookie (`NOTIFY_CORS_ORIGINS`)."""
    return await service.todo_page(ask, filters, paging)
