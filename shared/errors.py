"""Errors as `application/problem+json` (RFC 9457), with a detail that says what to fix."""

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

from shared.telemetry import log
from shared.text import REFUSED

PROBLEM = "application/problem+json"
TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


class Problem(Exception):
    """A failure the caller can act on."""

    status = 400

    def __init__(self, detail: str, *, errors: list[dict[str, Any]] | None = None, **extra: Any):
        super().__init__(detail)
        self.detail = detail
        self.errors = errors
        self.extra = extra


class Unauthorized(Problem):
    status = 401


class Forbidden(Problem):
    status = 403


class NotFound(Problem):
    status = 404


class Conflict(Problem):
    status = 409


class TooLarge(Problem):
    """413: an upload over the size it may have."""

    status = 413


class Unprocessable(Problem):
    """422 with the errors listed (an upload's rows), not one field."""

    status = 422


class Invalid(Problem):
    """422 naming the offending field."""

    status = 422

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}", errors=[{"field": field, "message": message}])


def problem_response(
    status: int,
    detail: str,
    *,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        **extra,
    }
    if errors is not None:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def _field(loc: tuple[Any, ...]) -> str:
    """`("body", "title")` → `title`; only the leading part says where the field was."""
    parts = [str(p) for p in (loc[1:] if loc and loc[0] in ("body", "query", "path", "header") else loc)]
    return ".".join(parts) or ".".join(str(p) for p in loc)


async def _on_problem(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Problem)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    return problem_response(exc.status, exc.detail, errors=exc.errors, headers=headers, **exc.extra)


def _message(error: Any) -> str:
    """Pydantic's message, or the office's words for text with a character it may not hold."""
    refused = (
        REFUSED.get(error.get("ctx", {}).get("pattern"))
        if error["type"] == "string_pattern_mismatch"
        else None
    )
    return refused or str(error["msg"])


async def _on_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [{"field": _field(tuple(e["loc"])), "message": _message(e)} for e in exc.errors()]
    fields = ", ".join(sorted({e["field"] for e in errors}))
    return problem_response(422, f"请求数据有误 (invalid input): {fields}", errors=errors)


async def _on_http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    headers = dict(exc.headers) if exc.headers else None
    return problem_response(exc.status_code, str(exc.detail), headers=headers)


async def _on_database(request: Request, exc: Exception) -> JSONResponse:
    """A connection lost mid-request (a restarted server): nothing was committed, ask again (503);
    any other database error is unexpected (500)."""
    if not (isinstance(exc, DBAPIError) and exc.connection_invalidated):
        return await _on_unexpected(request, exc)
    log.warning("database connection lost", path=request.url.path, error=repr(exc.orig))
    detail = "数据库连接中断，本次请求未生效，请稍后重试 (database connection lost; nothing changed, retry)"
    return problem_response(503, detail, headers={"Retry-After": "1"})


async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", path=request.url.path)
    return problem_response(500, "服务内部错误，请稍后重试 (internal error)")


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(Problem, _on_problem)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(DBAPIError, _on_database)
    app.add_exception_handler(Exception, _on_unexpected)
