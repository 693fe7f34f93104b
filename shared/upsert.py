"""`INSERT ... ON CONFLICT DO UPDATE` for the two databases the suite runs on."""

import functools
from typing import Any, cast

from sqlalchemy import Table, bindparam
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
    """Add `by` to `column` of the row at `keys` (creating it), answering the new value: one
    statement, one round trip, built once per counter and compiled once (its values are bound)."""
    dialect = session.get_bind().dialect.name
    statement = _increment_statement(dialect, table_of(model), tuple(keys), column)
    connection = await session.connection()
    return int((await connection.execute(statement, {**keys, column: by})).scalar_one())


@functools.cache
def _increment_statement(dialect: str, table: Table, keys: tuple[str, ...], column: str) -> Any:
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(table).values({name: bindparam(name) for name in (*keys, column)})
    return statement.on_conflict_do_update(
        index_elements=list(keys), set_={column: table.c[column] + statement.excluded[column]}
    ).returning(table.c[column])
