"""A row by its primary key, or the 404 the caller is shown."""

from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from shared.errors import NotFound

M = TypeVar("M")


async def get_or_404(session: AsyncSession, model: type[M], key: Any, missing: str, **options: Any) -> M:
    """The row of `model` with this primary key (`options` as for `session.get`), else 404 `missing`."""
    row = await session.get(model, key, **options)
    if row is None:
        raise NotFound(missing)
    return row
