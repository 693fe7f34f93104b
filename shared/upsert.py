"""`INSERT ... ON CONFLICT` for the two databases the suite runs on."""

import functools
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import JSON, String, Table, bindparam, func, select, true
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Session


def table_of(model: type[DeclarativeBase]) -> Table:
    return cast(Table, model.__table__)


def insert_for(session: AsyncSession, model: type[DeclarativeBase]) -> Any:
    """The dialect's insert construct (both have `on_conflict_do_update`)."""
    return _insert_of(session.get_bind().dialect.name)(table_of(model))


def _insert_of(dialect: str) -> Any:
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


async def increment(
    session: AsyncSession, model: type[DeclarativeBase], *, keys: dict[str, Any], column: str, by: int = 1
) -> int:
    """Add `by` to `column` of the row at `keys` (creating it), answering the new value: one
    statement, one round trip, built once per counter and compiled once (its values are bound)."""
    return await session.run_sync(increment_in, model, keys=keys, column=column, by=by)


def increment_in(
    session: Session, model: type[DeclarativeBase], *, keys: dict[str, Any], column: str, by: int = 1
) -> int:
    """`increment` on the sync session behind an `AsyncSession` (in `run_sync`: one handoff to
    SQLAlchemy's greenlet for the connection and the statement)."""
    statement = _increment_statement(session.get_bind().dialect.name, table_of(model), tuple(keys), column)
    return int(session.connection().execute(statement, {**keys, column: by}).scalar_one())


@functools.cache
def _increment_statement(dialect: str, table: Table, keys: tuple[str, ...], column: str) -> Any:
    insert = _insert_of(dialect)
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
    insert = _insert_of(dialect)
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


async def add_all(
    session: AsyncSession,
    model: type[DeclarativeBase],
    *,
    fixed: dict[str, Any],
    keys: Sequence[str],
    column: str,
    rows: Sequence[Sequence[Any]],
) -> None:
    """Add each row's last value to `column` of the row at its `keys` (and `fixed`), creating it:
    one `INSERT … ON CONFLICT DO UPDATE` for any number of rows, bound as arrays (as `insert_new`)."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    statement = _add_all_statement(dialect, table_of(model), tuple(fixed), tuple(keys), column)
    if dialect == "postgresql":
        bound = {f"c{i}": [row[i] for row in rows] for i in range(len(keys) + 1)}
    else:
        bound = {"rows": [list(row) for row in rows]}
    connection = await session.connection()
    await connection.execute(statement, {**fixed, **bound})


@functools.cache
def _add_all_statement(
    dialect: str, table: Table, fixed: tuple[str, ...], keys: tuple[str, ...], column: str
) -> Any:
    names = [*keys, column]
    insert = _insert_of(dialect)
    if dialect == "postgresql":  # unnest(a, b, …) AS anon(a, b, …)
        arrays = [bindparam(f"c{i}", type_=postgresql.ARRAY(table.c[n].type)) for i, n in enumerate(names)]
        each = func.unnest(*arrays).table_valued(*names).render_derived()
        values: list[Any] = [each.c[name] for name in names]
    else:
        each = func.json_each(bindparam("rows", type_=JSON)).table_valued("value")
        values = [func.json_extract(each.c.value, f"$[{i}]") for i in range(len(names))]
    fixed_columns = [bindparam(name, type_=table.c[name].type) for name in fixed]
    source = select(*fixed_columns, *values).where(true())  # WHERE: as in `_insert_new_statement`
    statement = insert(table).from_select([*fixed, *names], source)
    return statement.on_conflict_do_update(
        index_elements=[*fixed, *keys], set_={column: table.c[column] + statement.excluded[column]}
    )
