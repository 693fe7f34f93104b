"""The unit of work of a POST: commit it, once per `Idempotency-Key`.

A repeated key (same caller, same method and concrete path) answers the first answer
again and creates nothing; the same key on another request (another meeting's path, say)
is a 409. The key and the answer commit in the same transaction as the change itself. Stored answers
(which may hold classified titles) expire after `OFFICE_IDEMPOTENCY_TTL_S` (24 h): an
expired key is new again, and the retention job (`shared/retention.py`) deletes the expired rows.
"""

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from shared.auth import Caller
from shared.envelope import utcnow
from shared.errors import Conflict
from shared.spine import IdempotencyKey


class ScopedKey(str):
    """An `Idempotency-Key` with the request it came with: method and concrete path."""

    scope: str


def _scoped_key(
    request: Request, key: Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)] = None
) -> ScopedKey | None:
    if key is None:
        return None
    scoped = ScopedKey(key)
    scoped.scope = f"{request.method} {request.url.path}"[:300]
    return scoped


IdempotencyHeader = Annotated[str | None, Depends(_scoped_key)]
TTL_INFO_KEY = "idempotency_ttl_s"
"""The session `info` entry with the lifetime of a stored answer (the app factory sets it)."""
DEFAULT_TTL_S = 24 * 3600.0


async def commit_once(
    session: AsyncSession,
    *,
    caller: Caller,
    key: str | None,
    route: str,
    produce: Callable[[], Awaitable[Any]],
    status_code: int = 201,
) -> Any:
    """Run `produce` and commit; with a key seen before, answer the stored answer instead.

    A key read through `IdempotencyHeader` is scoped to its request's method and path;
    `route` names the scope only of a key given otherwise.
    """
    if key is None:
        result = await produce()
        await session.commit()
        return result
    route = getattr(key, "scope", route)
    stored = await session.get(IdempotencyKey, (caller.sub, key))
    if stored is not None and stored.created_at < _expired_before(session):
        await session.delete(stored)
        await session.flush()
    elif stored is not None:
        return _replay(stored, route)
    result = await produce()
    body = jsonable_encoder(result)
    session.add(
        IdempotencyKey(
            caller=caller.sub, key=key, route=route, status_code=status_code, body=body, created_at=utcnow()
        )
    )
    try:
        await session.commit()
    except IntegrityError:
        await session.rollback()
        stored = await session.get(IdempotencyKey, (caller.sub, key))
        if stored is None:
            raise
        return _replay(stored, route)
    return result


def _expired_before(session: AsyncSession) -> Any:
    return utcnow() - timedelta(seconds=float(session.info.get(TTL_INFO_KEY, DEFAULT_TTL_S)))


def _replay(stored: IdempotencyKey, route: str) -> JSONResponse:
    if stored.route != route:
        raise Conflict(f"Idempotency-Key 已用于其他请求 (key already used for {stored.route})")
    return JSONResponse(stored.body, status_code=stored.status_code, headers={"Idempotent-Replayed": "true"})


async def commit_change(
    session: AsyncSession,
    caller: Caller,
    key: str | None,
    route: str,
    change: Callable[[], Awaitable[Any]],
    *,
    read: type[BaseModel],
    status_code: int = 200,
) -> Any:
    """`commit_once` for a state change whose record is answered as `read`."""

    async def produce() -> BaseModel:
        return read.model_validate(await change())

    return await commit_once(
        session, caller=caller, key=key, route=route, produce=produce, status_code=status_code
    )
