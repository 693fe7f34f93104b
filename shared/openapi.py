"""The OpenAPI document every service publishes, finished in one place.

- operationIds read `service.resource.verb` (`docs.incoming.register`): the resource is the
  path's first segment (a probe's: its tag), the verb the endpoint function's name without the
  resource's words; `RENAMED` overrides a derived name that reads badly. No path parameter
  or other local enters the name, and `tests/unit/openapi_operation_ids.txt` keeps the
  published ones: an endpoint renamed in Python gets an entry here instead of a new id.
- Errors are `application/problem+json` with the `Problem` schema (shared/errors.py): 422 on
  every route (unknown query parameters included), 401/403 where a token is needed, 404
  where the path names a record, 409 on a state change, 413 where a body is taken, and any
  other status (400, 503) as the default answer.
- `securitySchemes`: the bearer JWT on every route that reads the caller from a token (and
  the dashboard's session cookie where a signed-in page may call); none on the probes or a
  calendar feed read by its secret address.
- Files answered: the types of `DOWNLOADS` and `UPLOADS` (by operationId) beside what a route
  declares itself.
"""

from collections.abc import Callable, Iterable
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from shared.auth import SESSION_COOKIE, current_caller, reading_caller
from shared.downloads import DOCX
from shared.errors import PROBLEM
from shared.spreadsheet import XLSX

CSV = "text/csv"
ICS = "text/calendar"
MARKDOWN = "text/markdown"
BINARY = (XLSX, DOCX)

RENAMED = {
    "logistics.duty.on": "logistics.duty.today",
    "meetings.calendars.unit": "meetings.calendars.unit_feed",
    "meetings.calendars.room": "meetings.calendars.room_feed",
    "meetings.calendars.subscribed": "meetings.calendars.secret_feed",
}
"""Derived operationId → the one published, where the derived one reads badly."""

DOWNLOADS: dict[str, tuple[str, ...]] = {
    "docs.ledgers.export": (XLSX, CSV),
    "infoscore.notices.document": (XLSX, MARKDOWN),
}
"""Routes answering files that do not declare the file's type themselves: operationId → types."""

UPLOADS: dict[str, tuple[str, ...]] = {"docs.ledgers.import": (XLSX, CSV)}
"""Routes reading a file as the raw request body: operationId → the types they take."""

Security = list[dict[str, list[str]]]
METHOD_VERBS = {"GET": "get", "POST": "create", "PUT": "put", "PATCH": "update", "DELETE": "delete"}
STATE_CHANGES = {"post", "put", "patch", "delete"}
BEARER, SESSION = "bearer", "session"
SECURITY_SCHEMES = {
    BEARER: {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "`Authorization: Bearer <JWT>` (`office token` issues one locally)",
    },
    SESSION: {
        "type": "apiKey",
        "in": "cookie",
        "name": SESSION_COOKIE,
        "description": "the dashboard's sign-in (the same token, HttpOnly)",
    },
}
PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "An error as RFC 9457 problem details; `detail` says what to fix.",
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "examples": ["about:blank"]},
        "title": {"type": "string", "examples": ["Unprocessable Content"]},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "description": "the offending fields",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
    "additionalProperties": True,
}
ANSWERS = {
    "401": "令牌缺失或无效 (no valid bearer token)",
    "403": "无权执行此操作 (the token's roles, unit or clearance do not allow it)",
    "404": "记录不存在 (no such record)",
    "409": "与记录的当前状态冲突 (conflicts with the record's state)",
    "413": "请求体过大 (request body too large)",
    "422": "请求数据有误 (invalid input, an unknown query parameter included)",
    "default": "其他错误 (another error, as problem details)",
}


def operation_ids(service: str, prefix: str) -> Callable[[APIRoute], str]:
    """FastAPI's `generate_unique_id_function` for one service's routes under `prefix`."""

    def operation_id(route: APIRoute) -> str:
        resource = _resource(route, prefix)
        derived = f"{service}.{resource}.{_verb(route, resource)}"
        return RENAMED.get(derived, derived)

    return operation_id


def _resource(route: APIRoute, prefix: str) -> str:
    path = route.path_format
    if path.startswith(prefix + "/"):
        segment = path.removeprefix(prefix + "/").split("/")[0]
    else:
        segment = str(route.tags[0]) if route.tags else path.strip("/").split("/")[0]
    return segment.split(".")[0].replace("-", "_").replace(" ", "_")


def _singulars(word: str) -> set[str]:
    stems = {word, word.removesuffix("s")}
    if word.endswith("ies"):
        stems.add(word.removesuffix("ies") + "y")
    return stems


def _verb(route: APIRoute, resource: str) -> str:
    """The endpoint's name without the resource's words: `register_incoming` → `register`."""
    plain = set().union(*(_singulars(w) for w in resource.split("_")))
    kept = [w for w in route.name.split("_") if w not in plain]
    return "_".join(kept) or METHOD_VERBS[min(route.methods or {"GET"})]


def install(app: FastAPI) -> None:
    """Finish the app's document the first time it is asked for (it is cached after)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            finish(build(), _callers(app))
        return app.openapi_schema or {}

    app.openapi = openapi  # type: ignore[method-assign]


def _callers(app: FastAPI) -> dict[tuple[str, str], Security]:
    """(method, path) → the security requirement of a route that reads its caller from a token."""
    found: dict[tuple[str, str], Security] = {}
    for route in iter_route_contexts(app.routes):
        if not isinstance(route.original_route, APIRoute):
            continue
        calls = set(_calls(route.dependant))
        security: Security = [{BEARER: []}, {SESSION: []}] if reading_caller in calls else [{BEARER: []}]
        if calls & {current_caller, reading_caller}:
            found |= {(method.lower(), str(route.path_format)): security for method in route.methods or ()}
    return found


def _calls(dependant: Dependant) -> Iterable[Any]:
    for dependency in dependant.dependencies:
        yield dependency.call
        yield from _calls(dependency)


def finish(document: dict[str, Any], callers: dict[tuple[str, str], Security]) -> None:
    """Problem answers, security and file types on every operation of `document`."""
    components = document.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for generated in ("HTTPValidationError", "ValidationError"):
        schemas.pop(generated, None)
    schemas["Problem"] = PROBLEM_SCHEMA
    components["securitySchemes"] = SECURITY_SCHEMES
    for path, item in document.get("paths", {}).items():
        for method, operation in item.items():
            security = callers.get((method, path))
            if security:
                operation["security"] = security
            _declare_files(operation)
            _declare_problems(operation, path, method, needs_token=bool(security))


def _problem(status: str) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "description": ANSWERS[status],
        "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
    if status == "401":
        answer["headers"] = {"WWW-Authenticate": {"schema": {"type": "string"}, "description": "Bearer"}}
    return answer


def _statuses(path: str, method: str, *, needs_token: bool, takes_body: bool) -> list[str]:
    """The error statuses an operation declares."""
    statuses = ["422", "default"]
    statuses += ["401", "403"] if needs_token else []
    statuses += ["404"] if "{" in path else []
    statuses += ["409"] if method in STATE_CHANGES else []
    statuses += ["413"] if takes_body or method in {"post", "put", "patch"} else []
    return statuses


def _declare_problems(operation: dict[str, Any], path: str, method: str, *, needs_token: bool) -> None:
    responses = operation.setdefault("responses", {})
    takes_body = "requestBody" in operation
    for status in _statuses(path, method, needs_token=needs_token, takes_body=takes_body):
        responses[status] = _problem(status)
    operation["responses"] = dict(
        sorted(responses.items(), key=lambda answer: answer[0].replace("default", "9"))
    )


def _file_content(types: Iterable[str]) -> dict[str, Any]:
    return {
        kind: {"schema": {"type": "string", "format": "binary"}} if kind in BINARY else {} for kind in types
    }


def _declare_files(operation: dict[str, Any]) -> None:
    operation_id = operation.get("operationId", "")
    if operation_id in DOWNLOADS:
        success = next(s for s in operation["responses"] if s.startswith("2"))
        answer = operation["responses"][success]
        answer["content"] = {**answer.get("content", {}), **_file_content(DOWNLOADS[operation_id])}
    if operation_id in UPLOADS:
        operation["requestBody"] = {"required": True, "content": _file_content(UPLOADS[operation_id])}
