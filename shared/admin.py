"""Operator routes every service has: the dead-letter list and its retry."""

from typing import Annotated

from fastapi import APIRouter, Path, Request
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select

from shared.auth import CurrentCaller
from shared.errors import Conflict, Problem
from shared.lookup import get_or_404
from shared.pagination import Cursor, Limit, Page, paginate
from shared.spine import DeadLetter
from shared.types import OfficeTime

RowId = Annotated[int, Path(ge=1, le=2**63 - 1)]


class DeadLetterRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    consumer: str
    event_id: str
    subject: str
    error: str
    tries: int
    failed_at: OfficeTime
    retried_at: OfficeTime | None


def admin_router() -> APIRouter:
    router = APIRouter(prefix="/admin", tags=["admin"])

    @router.get("/dead-letters")
    async def list_dead_letters(
        request: Request, caller: CurrentCaller, limit: Limit = 50, cursor: Cursor = None
    ) -> Page[DeadLetterRead]:
        """Events this service's consumers gave up on."""
        caller.require("admin")
        async with request.app.state.factory() as session:
            rows, next_cursor = await paginate(
                session, select(DeadLetter), key=DeadLetter.id, limit=limit, cursor=cursor
            )
        return Page(items=[DeadLetterRead.model_validate(r) for r in rows], next_cursor=next_cursor)

    @router.post("/dead-letters/{letter_id}/retry")
    async def retry_dead_letter(request: Request, caller: CurrentCaller, letter_id: RowId) -> DeadLetterRead:
        """Apply a dead-lettered event again."""
        caller.require("admin")
        missing = f"没有编号为 {letter_id} 的死信 (no such dead letter)"
        async with request.app.state.factory() as session:
            letter = await get_or_404(session, DeadLetter, letter_id, missing)
        consumer = next((c for c in request.app.state.consumers if c.spec.durable == letter.consumer), None)
        if consumer is None:
            raise Conflict(f"消费者 {letter.consumer} 已不在运行 (its consumer is no longer running)")
        try:
            return DeadLetterRead.model_validate(await consumer.retry_dead_letter(letter_id))
        except Exception as exc:
            raise Problem(f"重试仍然失败 (retry failed): {exc!r}") from exc

    return router
