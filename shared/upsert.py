"""`INSERT ... ON CONFLICT DO UPDATE` for the two databases the suite runs on."""

from typing import Any, cast

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase


def table_of(model: type[DeclarativeBase]) -> Table:
    return cast(Table, model.__table__)


def insert_for(session: AsyncSession, model: type[DeclarativeBase]) -> Any:
    """The dialect's insert construct (both have `on_conflict_do_update`)."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table_of(model))
    return sqlite.insert(table_of(model))


async def increment(
    session: AsyncSession, model: type[DeclarativeBase], *, keys: dict[str, Any], column: str, by: int = 1
) -> int:
    """Add `by` to `column` of the row at `keys` (creating it), answering the new value."""
    table = table_of(model)
    statement = insert_for(session, model).values(**keys, **{column: by})
    statement = statement.on_conflict_do_update(
        index_elements=list(keys), set_={column: table.c[column] + by}
    ).returning(table.c[column])
    return int((await session.execute(statement)).scalar_one())
