"""What every logistics route does with a change: run it, answer its record, commit once."""

from collections.abc import Awaitable, Callable
from typing import Any

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from shared.auth import Caller
from shared.idempotency import commit_once


async def commit_change(
    session: AsyncSession,
    caller: Caller,
    *,
    key: str | None,
    route: str,
    change: Callable[[], Awaitable[Any]],
    read: type[BaseModel],
    status_code: int = 200,
) -> Any:
    """Run the change, answer the changed record as `read`, commit (once per Idempotency-Key)."""

    async def produce() -> BaseModel:
        return read.model_validate(await change())

    return await commit_once(
        session, caller=caller, key=key, route=route, produce=produce, status_code=status_code
    )
