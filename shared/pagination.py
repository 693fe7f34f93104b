"""Keyset pagination: `?limit=` (default 50, max 500) and an opaque `?cursor=`."""

import base64
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel
from sqlalchemy import BigInteger, Select, SmallInteger
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from shared.errors import Invalid
from shared.schemas import reader

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)

Limit = Annotated[int, Query(ge=1, le=500, description="page size (default 50, max 500)")]
CURSOR_LENGTH = 400  # a key of ours, base64: an id, a moment, a number
Cursor = Annotated[
    str | None,
    Query(
        max_length=CURSOR_LENGTH,
        pattern=r"^[A-Za-z0-9_=-]*$",
        description="from `next_cursor` of the previous page",
    ),
]


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None

    @classmethod
    def of(
        cls, rows: Iterable[Any], read: type[T] | Callable[[Any], T], next_cursor: str | None
    ) -> "Page[T]":
        """A page of `rows`, each read as `read` (an answer model, or a function)."""
        answer = reader(read)
        return Page(items=[answer(row) for row in rows], next_cursor=next_cursor)


def _int_bound(key: InstrumentedAttribute[Any]) -> int:
    """The column's limit (PostgreSQL's, which SQLite's exceeds): a key past it compares with nothing."""
    if isinstance(key.type, BigInteger):
        return 2**63
    return 2**15 if isinstance(key.type, SmallInteger) else 2**31


def _typed(key: InstrumentedAttribute[Any], raw: str) -> Any:
    try:
        value = key.type.python_type(raw)
    except ValueError as exc:
        raise Invalid("cursor", "游标无效 (invalid cursor)") from exc
    if isinstance(value, int) and not -_int_bound(key) <= value < _int_bound(key):
        raise Invalid("cursor", "游标无效 (invalid cursor)")
    return value


def encode_cursor(key: Any) -> str:
    return base64.urlsafe_b64encode(str(key).encode()).decode()


def decode_cursor(cursor: str) -> str:
    try:
        key = base64.urlsafe_b64decode(cursor.encode()).decode()
    except (ValueError, UnicodeDecodeError) as exc:
        raise Invalid("cursor", "游标无效 (invalid cursor)") from exc
    if not key or not key.isprintable():  # no key of ours is empty or has control characters
        raise Invalid("cursor", "游标无效 (invalid cursor)")
    return key


async def paginate(
    session: AsyncSession,
    query: Select[Any],
    *,
    key: InstrumentedAttribute[Any],
    limit: int,
    cursor: str | None,
) -> tuple[list[Any], str | None]:
    """One page of `query` ordered by `key` (unique); answers the rows and the next cursor."""
    if cursor:  # an empty `?cursor=` asks for the first page
        query = query.where(key > _typed(key, decode_cursor(cursor)))
    rows = list((await session.scalars(query.order_by(key).limit(limit + 1))).all())
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    return rows, encode_cursor(getattr(rows[-1], key.key))


@dataclass(frozen=True)
class PageRequest:
    """What a list route was asked for: how many rows, from where."""

    limit: int
    cursor: str | None


async def _page_request(limit: Limit = 50, cursor: Cursor = None) -> PageRequest:
    return PageRequest(limit=limit, cursor=cursor)


Paging = Annotated[PageRequest, Depends(_page_request)]


async def page(
    session: AsyncSession,
    query: Select[Any],
    *,
    key: InstrumentedAttribute[Any],
    read: type[T] | Callable[[Any], T],
    paging: PageRequest,
) -> Page[T]:
    """One page of `query` ordered by `key` (unique), each row read as `read`."""
    rows, next_cursor = await paginate(session, query, key=key, limit=paging.limit, cursor=paging.cursor)
    return Page.of(rows, read, next_cursor)
