"""Answers and query parameters of the to-do list."""

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from services.notify.inbox.schemas import UnitParam
from shared.types import OfficeTime

TodoStatus = Literal["open", "done"]


class TodoRead(BaseModel):
    id: int
    record_kind: str = Field(description="incoming | outgoing | supervision | decision | trip | swap")
    record_id: str
    step: str = Field(description="handle 办理 | review 审核 | revise 修改 | sign 签发 | approve 审批")
    title: str = Field(description="what the item says")
    unit: str = Field(description="the unit it waits on")
    role: str | None = Field(
        description="reviewer | signer | office: an office step for those holding the role"
    )
    due: date | None
    overdue: bool = Field(description="open and past its due date (office-local)")
    due_today: bool
    status: TodoStatus
    outcome: str | None = Field(
        description="completed | approved | signed | returned | rejected | cancelled ..."
    )
    opened_at: OfficeTime | None
    closed_at: OfficeTime | None


class TodoFilters(BaseModel):
    """The filters of `GET /todos` (query parameters)."""

    status: TodoStatus = Field("open", description="open 待办 | done 已办")
    unit: UnitParam = None
