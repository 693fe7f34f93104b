"""What every answer and every request body goes through, as plain ASGI middleware.

`BodyGuard`: a request body is read only after the caller's token checks out (for routes
that need a caller) and only up to its route's limit: `OFFICE_MAX_BODY_BYTES` (1 MiB), or
what the route declares with `openapi_extra=body_limit(...)`. A `Content-Length` over the
limit answers 413 before a byte is read; a streamed body, as soon as it passes the limit.
Both answers close the connection, so the rest is never taken in.

`SecurityHeaders`: `nosniff` and `no-referrer` on every answer, a Content-Security-Policy on
HTML (a page that sets its own, /docs, keeps it), `Cache-Control: no-store` on answers to
a request that carried a token.
"""

from collections.abc import Callable
from typing import Any

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.auth import CALLER_SCOPE_KEY, TokenVerifier, bearer_token, current_caller
from shared.errors import Problem

BODY_LIMIT_KEY = "x-body-limit"
HTML_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
CLOSE = {"Connection": "close"}


def body_limit(max_bytes: int) -> dict[str, Any]:
    """`openapi_extra` for a route that takes a larger body than the default (an upload)."""
    return {BODY_LIMIT_KEY: max_bytes}


class BodyTooLarge(HTTPException):
    """413: an HTTPException, so that FastAPI's body parsing passes it on unchanged."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            413, f"请求体超过 {limit} 字节的上限 (request body over {limit} bytes)", headers=CLOSE
        )


def _needs_caller(dependant: Dependant) -> bool:
    return any(d.call is current_caller or _needs_caller(d) for d in dependant.dependencies)


class BodyGuard:
    def __init__(self, app: ASGIApp, *, default_limit: int, verifier: Callable[[], TokenVerifier]) -> None:
        self.app = app
        self.default_limit = default_limit
        self.verifier = verifier
        self.needs_caller: dict[int, bool] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = Headers(scope=scope) if scope["type"] == "http" else Headers()
        if not _has_body(headers):
            await self.app(scope, receive, send)
            return
        read = 0
        checked = False

        async def guarded_receive() -> Message:
            nonlocal read, checked
            limit = self._limit(scope)
            if not checked:
                checked = True
                await self._before_reading(scope, headers, limit)
            message = await receive()
            read += len(message.get("body", b""))
            if read > limit:
                raise BodyTooLarge(limit)
            return message

        await self.app(scope, guarded_receive, send)

    def _limit(self, scope: Scope) -> int:
        route = scope.get("route")
        extra = route.openapi_extra if isinstance(route, APIRoute) else None
        return int((extra or {}).get(BODY_LIMIT_KEY, self.default_limit))

    async def _before_reading(self, scope: Scope, headers: Headers, limit: int) -> None:
        """The token first (for a route that needs a caller), then the declared length."""
        route = scope.get("route")
        if isinstance(route, APIRoute) and CALLER_SCOPE_KEY not in scope and self._route_needs_caller(route):
            try:
                scope[CALLER_SCOPE_KEY] = await self.verifier().verify(bearer_token(headers))
            except Problem as exc:
                raise HTTPException(401, exc.detail, headers={"WWW-Authenticate": "Bearer", **CLOSE}) from exc
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            raise BodyTooLarge(limit)

    def _route_needs_caller(self, route: APIRoute) -> bool:
        known = self.needs_caller.get(id(route))
        if known is None:
            known = self.needs_caller[id(route)] = _needs_caller(route.dependant)
        return known


def _has_body(headers: Headers) -> bool:
    return headers.get("content-length", "0") != "0" or "transfer-encoding" in headers


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        authenticated = "authorization" in Headers(scope=scope)

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = _secured(list(message.get("headers", [])), authenticated)
            await send(message)

        await self.app(scope, receive, sending)


def _secured(raw: list[tuple[bytes, bytes]], authenticated: bool) -> list[tuple[bytes, bytes]]:
    names = {name.lower() for name, _ in raw}
    added = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer")]
    content_type = next((v for n, v in raw if n.lower() == b"content-type"), b"")
    if content_type.startswith(b"text/html") and b"content-security-policy" not in names:
        added.append((b"content-security-policy", HTML_POLICY.encode()))
    if authenticated:
        raw = [(n, v) for n, v in raw if n.lower() != b"cache-control"]
        added.append((b"cache-control", b"no-store"))
    return raw + [(n, v) for n, v in added if n not in names or n == b"cache-control"]
