"""Query parameters: one a route does not declare is refused with 422, never silently ignored
(`/incoming?overdue=true` must not answer every document as if it were filtered); the text
search and the equality filters that lists share."""

from typing import Annotated, Any, TypeVar

from fastapi import Query, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from pydantic import BaseModel
from sqlalchemy import ColumnElement, Select, func, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from shared.auth import Caller
from shared.errors import NotFound, Problem
from shared.text import PRINTABLE

T = TypeVar("T")

_DECLARED: dict[int, frozenset[str]] = {}


class UnknownQuery(Problem):
    status = 422


def _query_names(dependant: Dependant) -> set[str]:
    """The query parameters of a route and of all its dependencies (a filters model's fields)."""
    names = {name for p in dependant.query_params for name in _names(p.field_info.annotation, p.alias)}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def _names(annotation: Any, alias: str) -> list[str]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [field.alias or name for name, field in annotation.model_fields.items()]
    return [alias]


def _declared(route: APIRoute) -> frozenset[str]:
    names = _DECLARED.get(id(route))
    if names is None:
        names = _DECLARED[id(route)] = frozenset(_query_names(route.dependant))
    return names


async def declared_query_only(request: Request) -> None:
    """An app-wide dependency: 422 naming each query parameter the route does not take."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    unknown = sorted(set(request.query_params) - _declared(route))
    if unknown:
        raise UnknownQuery(
            f"不支持的查询参数 (unknown query parameters): {', '.join(unknown)}",
            errors=[
                {"field": name, "message": "该接口没有此查询参数 (not a parameter of this route)"}
                for name in unknown
            ],
        )


TextSearch = Annotated[
    str | None,
    Query(
        min_length=1, max_length=100, pattern=PRINTABLE, description="text in the title, 文号 or reference"
    ),
]


def text_search(q: str, *columns: InstrumentedAttribute[Any]) -> ColumnElement[bool]:
    """Rows whose columns contain `q`, case-insensitively (LIKE wildcards in `q` taken literally)."""
    needle = q.lower()
    return or_(*(func.lower(column).contains(needle, autoescape=True) for column in columns))


def narrowed(query: Select[Any], *filters: tuple[Any, Any]) -> Select[Any]:
    """The query with `column == value` for each `(column, value)` whose value is given (not None)."""
    for column, value in filters:
        if value is not None:
            query = query.where(column == value)
    return query


def of_own_unit(caller: Caller, query: Select[T], unit: InstrumentedAttribute[Any]) -> Select[T]:
    """`query` as the caller may see it: every unit's rows for the office and auditors, else its unit's."""
    if caller.sees_every_unit:
        return query
    return query.where(unit == caller.unit)


async def one_visible(
    session: AsyncSession, query: Select[T], what: str, ident: object, *, lock: bool = False
) -> T:
    """The one row of `query` (locked for a change with `lock`), or 404 naming `what` and `ident`
    (never telling that a hidden one exists)."""
    row = await session.scalar(query.with_for_update() if lock else query)
    if row is None:
        raise NotFound(f"{what} {ident} 不存在或无权查看 (not found)")
    return row
