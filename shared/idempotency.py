"""The unit of work of a POST: commit it, once per `Idempotency-Key`.

A repeated key (same caller, same method and concrete path, same body) answers the first
answer again and creates nothing; the same key on another request (another meeting's path,
say) is a 409, and on the same path with another body a 422 that changes nothing
(draft-ietf-httpapi-idempotency-key-header): the body's fingerprint is stored with the answer.
The key and the answer commit in the same transaction as the change itself. Stored answers
(which may hold classified titles) expire after `OFFICE_IDEMPOTENCY_TTL_S` (24 h): an
expired key is new again, and the retention job (`shared/retention.py`) deletes the expired rows.
"""

import hashlib
import re
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Annotated, Any, cast

from fastapi import Header
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from sqlalchemy import Table, bindparam, delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from shared.auth import Caller
from shared.envelope import utcnow
from shared.errors import Conflict, Problem
from shared.spine import IdempotencyKey
from shared.text import PRINTABLE

KeyHeader = Annotated[str | None, Header(alias="Idempotency-Key", max_length=200, pattern=PRINTABLE)]
"""The `Idempotency-Key` header as sent (the command layer scopes it to its request)."""


TTL_INFO_KEY = "idempotency_ttl_s"
"""The session `info` entry with the lifetime of a stored answer (the app factory sets it)."""
DEFAULT_TTL_S = 24 * 3600.0


class KeyReused(Problem):
    status = 422


_BOUNDARY = re.compile(r'boundary="?([^";]+)"?', re.IGNORECASE)


def body_fingerprint(body: bytes, content_type: str = "") -> str:
    """What a stored answer remembers of its request body: the sha256 of its bytes, in hex, a
    multipart body's boundary left out (a client picks a new one each time it sends the upload)."""
    boundary = _BOUNDARY.search(content_type) if content_type.startswith("multipart/") else None
    if boundary is not None:
        body = body.replace(b"--" + boundary.group(1).encode("latin-1"), b"--")
    return hashlib.sha256(body).hexdigest()


async def commit_once(
    session: AsyncSession,
    *,
    caller: Caller,
    key: str | None,
    route: str,
    produce: Callable[[], Awaitable[Any]],
    status_code: int | Callable[[], int] = 201,
    fingerprint: str | None = None,
) -> Any:
    """Run `produce` and commit; with a key seen before, answer the stored answer instead.

    `route` is the key's scope: the method and concrete path (`shared.command` gives it);
    `fingerprint` the request body's (`body_fingerprint`). `status_code` may be a function, read once
    `produce` has run.
    """
    if key is None:
        result = await produce()
        await session.commit()
        return result
    stored = await _stored(session, caller.sub, key)
    if stored is not None and stored.created_at < _expired_before(session):
        await session.execute(_FORGET, {"caller": caller.sub, "key": key})
    elif stored is not None:
        return _replay(stored, route, fingerprint)
    result = await produce()
    code = status_code() if callable(status_code) else status_code
    row = {"caller": caller.sub, "key": key, "route": route, "status_code": code, "fingerprint": fingerprint}
    try:
        await session.execute(_KEEP, {**row, "body": jsonable_encoder(result), "created_at": utcnow()})
        await session.commit()
    except IntegrityError:
        await session.rollback()
        stored = await _stored(session, caller.sub, key)
        if stored is None:
            raise
        return _replay(stored, route, fingerprint)
    return result


_KEYS = cast(Table, IdempotencyKey.__table__)
_BY_KEY = (_KEYS.c.caller == bindparam("caller")) & (_KEYS.c.key == bindparam("key"))
_LOOKUP = select(
    _KEYS.c.route, _KEYS.c.status_code, _KEYS.c.body, _KEYS.c.created_at, _KEYS.c.fingerprint
).where(_BY_KEY)
_FORGET = delete(_KEYS).where(_BY_KEY)
_KEEP = insert(_KEYS)
"""Core statements, built once and compiled once: the ORM's unit of work buys a key nothing."""


async def _stored(session: AsyncSession, caller: str, key: str) -> Any:
    """The stored answer (route, status_code, body, created_at, fingerprint) under a key, or None."""
    return (await session.execute(_LOOKUP, {"caller": caller, "key": key})).first()


def _expired_before(session: AsyncSession) -> Any:
    return utcnow() - timedelta(seconds=float(session.info.get(TTL_INFO_KEY, DEFAULT_TTL_S)))


def _replay(stored: Any, route: str, fingerprint: str | None) -> JSONResponse:
    if stored.route != route:
        raise Conflict(f"Idempotency-Key 已用于其他请求 (key already used for {stored.route})")
    if stored.fingerprint not in (None, fingerprint):  # None: stored before fingerprints were
        raise KeyReused(
            "Idempotency-Key 已用于内容不同的请求 (key already used with a different request body)"
        )
    return JSONResponse(stored.body, status_code=stored.status_code, headers={"Idempotent-Replayed": "true"})
