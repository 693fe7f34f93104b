"""`INSERT ... ON CONFLICT` for the two databases the suite runs on."""

import functools
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import JSON, String, Table, bindparam, func, select, true
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


async def insert_new(
    session: AsyncSession,
    model: type[DeclarativeBase],
    *,
    fixed: dict[str, Any],
    key: str,
    values: Sequence[str],
) -> set[str]:
    """Insert a row for each of `values` (in column `key`, the other columns `fixed`) unless it is
    there already, answering the values inserted: one statement for any number of rows, the values
    bound as one array (a JSON array on SQLite), so no row is converted or sent on its own."""
    dialect = session.get_bind().dialect.name
    statement = _insert_new_statement(dialect, table_of(model), tuple(fixed), key)
    connection = await session.connection()
    return set((await connection.execute(statement, {**fixed, "values": list(values)})).scalars())


@functools.cache
def _insert_new_statement(dialect: str, table: Table, fixed: tuple[str, ...], key: str) -> Any:
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    if dialect == "postgresql":  # unnest(...) AS anon(value)
        each = func.unnest(bindparam("values", type_=postgresql.ARRAY(String))).table_valued("value")
        each = each.render_derived()
    else:
        each = func.json_each(bindparam("values", type_=JSON)).table_valued("value")
    fixed_columns = [bindparam(name, type_=table.c[name].type) for name in fixed]
    # WHERE true: SQLite reads an ON CONFLICT after a bare SELECT's FROM as a join constraint
    source = select(*fixed_columns, each.c.value).where(true())
    statement = insert(table).from_select([*fixed, key], source)
    return statement.on_conflict_do_nothing().returning(table.c[key])
