"""Each service's OpenAPI document is valid and says what its routes really answer:
stable `service.resource.verb` operationIds, problem+json errors, the bearer scheme where a
token is needed, and the types of the files it hands out."""

import importlib
import inspect
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
from fastapi import FastAPI
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute, iter_route_contexts
from openapi_spec_validator import validate

from shared.settings import ServiceSettings
from tests.support import TEST_SECRET

SERVICES = ["aggregate", "docs", "infoscore", "logistics", "meetings", "notify"]
PUBLISHED = Path(__file__).with_name("openapi_operation_ids.txt")
PROBLEM = "application/problem+json"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
OPEN = {"/healthz", "/readyz", "/api/v1/units", "/api/v1/calendars/feeds/{secret}.ics"}
FILES = {
    ("docs", "docs.ledgers.export"): {XLSX, "text/csv"},
    ("docs", "docs.outgoing.get_file"): {DOCX},
    ("docs", "docs.outgoing.check_format"): {DOCX, "application/json"},
    ("meetings", "meetings.calendars.unit_feed"): {"text/calendar"},
    ("meetings", "meetings.calendars.room_feed"): {"text/calendar"},
    ("meetings", "meetings.calendars.secret_feed"): {"text/calendar"},
    ("infoscore", "infoscore.notices.document"): {XLSX, "text/markdown"},
    ("aggregate", "aggregate.reports.get_annual"): {"application/json", "text/markdown", "text/html", DOCX},
    ("notify", "notify.inbox.stream"): {"text/event-stream"},
}


def settings_of(name: str, data_dir: Path) -> ServiceSettings:
    module = importlib.import_module(f"services.{name}.settings")
    kind = next(
        v
        for v in vars(module).values()
        if isinstance(v, type) and issubclass(v, ServiceSettings) and v is not ServiceSettings
    )
    return kind(data_dir=data_dir, jwt_secret=TEST_SECRET, log_json=False)


class Apps:
    """Each service's app, built once for this module (no lifespan: the document needs none)."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.built: dict[str, FastAPI] = {}

    def __call__(self, name: str) -> FastAPI:
        if name not in self.built:
            create: Any = importlib.import_module(f"services.{name}.app").create_app
            self.built[name] = create(settings_of(name, self.data_dir))
        return self.built[name]

    def document(self, name: str) -> dict[str, Any]:
        return self(name).openapi()


@pytest.fixture(scope="module")
def apps(tmp_path_factory: pytest.TempPathFactory) -> Apps:
    return Apps(tmp_path_factory.mktemp("openapi"))


def operations(doc: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


@pytest.mark.parametrize("name", SERVICES)
def test_the_document_is_valid_openapi(name: str, apps: Apps) -> None:
    doc = apps.document(name)
    validate(doc)
    assert doc["openapi"].startswith("3.1")


@pytest.mark.parametrize("name", SERVICES)
def test_operation_ids_read_service_resource_verb_and_are_unique(name: str, apps: Apps) -> None:
    ids = [op["operationId"] for _, _, op in operations(apps.document(name))]
    assert len(ids) == len(set(ids))
    style = re.compile(rf"^{name}\.[a-z][a-z_]*\.[a-z][a-z_]*$")
    assert [i for i in ids if not style.match(i)] == []
    assert not any("_id" in i or "api_v1" in i for i in ids)  # no path parameter or path in a name


def test_published_operation_ids_stay(apps: Apps) -> None:
    """An operationId clients use never disappears: rename a Python endpoint and it must stay."""
    held = {op["operationId"] for name in SERVICES for _, _, op in operations(apps.document(name))}
    published = set(PUBLISHED.read_text().split())
    assert published - held == set()
    assert {"docs.incoming.register", "meetings.meetings.schedule", "logistics.duty.today"} <= published


def years_taken(doc: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each year an operation takes (a path or query parameter, a property of its body), with
    where it is, and its schema (a nullable one's integer branch)."""
    schemas = doc["components"]["schemas"]
    for path, method, operation in operations(doc):
        taken = [(p["name"], p.get("schema", {})) for p in operation.get("parameters", [])]
        for content in operation.get("requestBody", {}).get("content", {}).values():
            body = content.get("schema", {})
            body = schemas[body["$ref"].rsplit("/", 1)[1]] if "$ref" in body else body
            taken += list(body.get("properties", {}).items())
        for name, schema in taken:
            if name == "year":
                branches = schema.get("anyOf", [schema])
                yield f"{method} {path}", next(b for b in branches if b.get("type") == "integer")


@pytest.mark.parametrize("name", SERVICES)
def test_every_year_a_route_takes_is_one_of_the_offices_years(name: str, apps: Apps) -> None:
    """The office's one year rule (`shared.bounds`, 1900–2200), wherever a year is taken."""
    years = list(years_taken(apps.document(name)))
    assert years or name == "notify", name  # every other service takes a year somewhere
    bounds = {where: (y.get("minimum"), y.get("maximum")) for where, y in years}
    assert {w: b for w, b in bounds.items() if b != (1900, 2200)} == {}


def _resolved(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def strings_in(
    doc: dict[str, Any], schema: dict[str, Any], where: str
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each string a schema holds, however deep (properties, items, branches), with where it is; not
    the string branch of a number (a decimal: parsed as one)."""
    schema = _resolved(doc, schema)
    branches = schema.get("anyOf", []) + schema.get("oneOf", []) + schema.get("allOf", [])
    numeric = any(b.get("type") == "number" for b in branches)
    for branch in branches:
        if not (numeric and branch.get("type") == "string"):
            yield from strings_in(doc, branch, where)
    if schema.get("type") == "string":
        yield where, schema
    elif schema.get("type") == "array":
        yield from strings_in(doc, schema.get("items", {}), f"{where}[]")
    for name, inner in schema.get("properties", {}).items():
        yield from strings_in(doc, inner, f"{where}.{name}")


def strings_taken(doc: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each free string an operation takes (path, query, header, JSON body): not an enum, nor a
    moment or a date, which parse or fail."""
    for path, method, operation in operations(doc):
        taken = [(f"{p['in']} {p['name']}", p.get("schema", {})) for p in operation.get("parameters", [])]
        body = operation.get("requestBody", {}).get("content", {}).get("application/json")
        taken += [("body", body["schema"])] if body else []
        for name, schema in taken:
            for where, string in strings_in(doc, schema, name):
                if not ({"enum", "const"} & set(string) or "format" in string):
                    yield f"{method} {path} {where}", string


@pytest.mark.parametrize("name", SERVICES)
def test_every_string_a_route_takes_is_bounded_and_holds_no_nul(name: str, apps: Apps) -> None:
    """The office's one text rule (`shared.bounds`): a length the document states, and a pattern
    that refuses NUL (which PostgreSQL cannot store: a 500 there, a 201 on SQLite)."""
    strings = dict(strings_taken(apps.document(name)))
    assert len(strings) > 3, name
    unbounded = sorted(where for where, s in strings.items() if "maxLength" not in s)
    nul_taken = sorted(where for where, s in strings.items() if re.search(s.get("pattern", ""), "a\x00b"))
    assert (unbounded, nul_taken) == ([], [])


def numbers_in(
    doc: dict[str, Any], schema: dict[str, Any], where: str
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each integer or number a schema holds, however deep, with where it is."""
    schema = _resolved(doc, schema)
    for branch in schema.get("anyOf", []) + schema.get("oneOf", []) + schema.get("allOf", []):
        yield from numbers_in(doc, branch, where)
    if schema.get("type") in ("integer", "number"):
        yield where, schema
    elif schema.get("type") == "array":
        yield from numbers_in(doc, schema.get("items", {}), f"{where}[]")
    for name, inner in schema.get("properties", {}).items():
        yield from numbers_in(doc, inner, f"{where}.{name}")


BOUNDED_BY_THE_RULE = {"put /api/v1/reported/{year} body.value"}
"""A reported figure: a count or yuan by its metric's kind, 0 to 10^12 (`reported.catalogue`)."""


@pytest.mark.parametrize("name", SERVICES)
def test_every_number_a_route_takes_has_both_bounds(name: str, apps: Apps) -> None:
    """No number reaches a database past its column (an integer past 2^63 is a 500 on PostgreSQL)."""
    doc = apps.document(name)
    unbounded = set()
    for path, method, operation in operations(doc):
        taken = [(f"{p['in']} {p['name']}", p.get("schema", {})) for p in operation.get("parameters", [])]
        body = operation.get("requestBody", {}).get("content", {}).get("application/json")
        taken += [("body", body["schema"])] if body else []
        for where, number in (n for name_, schema in taken for n in numbers_in(doc, schema, name_)):
            low = {"minimum", "exclusiveMinimum"} & set(number)
            high = {"maximum", "exclusiveMaximum"} & set(number)
            if not (low and high):
                unbounded.add(f"{method} {path} {where}")
    assert unbounded - BOUNDED_BY_THE_RULE == set()


def answers(operation: dict[str, Any]) -> dict[str, Any]:
    return operation["responses"]  # type: ignore[no-any-return]


def is_problem(answer: dict[str, Any]) -> bool:
    content = answer.get("content", {})
    return list(content) == [PROBLEM] and content[PROBLEM]["schema"] == {
        "$ref": "#/components/schemas/Problem"
    }


@pytest.mark.parametrize("name", SERVICES)
def test_errors_are_declared_as_problem_json(name: str, apps: Apps) -> None:
    doc = apps.document(name)
    assert "HTTPValidationError" not in str(doc)
    assert doc["components"]["schemas"]["Problem"]["required"] == ["type", "title", "status", "detail"]
    for path, method, operation in operations(doc):
        declared = answers(operation)
        errors = {s: a for s, a in declared.items() if s == "default" or s >= "4"}
        assert all(is_problem(a) for a in errors.values()), (method, path)
        expected = {"422", "default"}
        expected |= {"401", "403"} if "security" in operation else set()
        expected |= {"404"} if "{" in path else set()
        expected |= {"409", "413"} if method in {"post", "put", "patch"} else set()
        expected |= {"409"} if method == "delete" else set()
        assert expected <= set(errors), (method, path, sorted(errors))


@pytest.mark.parametrize("name", SERVICES)
def test_the_routes_that_take_a_token_declare_the_bearer_scheme(name: str, apps: Apps) -> None:
    doc = apps.document(name)
    assert doc["components"]["securitySchemes"]["bearer"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": doc["components"]["securitySchemes"]["bearer"]["description"],
    }
    unsecured = {path for path, _, op in operations(doc) if "security" not in op}
    assert unsecured <= OPEN
    assert all({"bearer": []} in op["security"] for _, _, op in operations(doc) if "security" in op)


def test_a_page_read_route_also_takes_the_session_cookie(apps: Apps) -> None:
    todos = apps.document("notify")["paths"]["/api/v1/todos"]["get"]
    assert todos["security"] == [{"bearer": []}, {"session": []}]


@pytest.mark.parametrize(("name", "operation_id"), sorted(FILES))
def test_a_file_answer_declares_its_content_type(name: str, operation_id: str, apps: Apps) -> None:
    operation = next(op for _, _, op in operations(apps.document(name)) if op["operationId"] == operation_id)
    success = next(a for s, a in answers(operation).items() if s.startswith("2"))
    assert set(success["content"]) == FILES[name, operation_id]


@pytest.mark.parametrize("name", SERVICES)
def test_every_route_answering_other_than_json_declares_what(name: str, apps: Apps) -> None:
    """A route that sets its own response class (a file, a stream) names the file's type."""
    app = apps(name)
    doc = app.openapi()
    for route in iter_route_contexts(app.routes):
        if not isinstance(route.original_route, APIRoute) or not route.include_in_schema:
            continue
        if getattr(route.response_class, "value", route.response_class) is JSONResponse:
            continue
        assert route.methods is not None
        for method in route.methods:
            declared = answers(doc["paths"][route.path_format][method.lower()])
            success = next(a for s, a in declared.items() if s.startswith("2") and s != "204")
            assert set(success.get("content", {})) - {"application/json"}, (method, route.path_format)


def test_the_ledger_import_declares_the_files_it_takes(apps: Apps) -> None:
    body = apps.document("docs")["paths"]["/api/v1/ledgers/incoming"]["post"]["requestBody"]
    assert set(body["content"]) == {XLSX, "text/csv"}


async def test_the_answers_are_the_problems_the_document_declares(apps: Apps) -> None:
    app = apps("docs")
    doc = app.openapi()
    schema = {**doc["components"]["schemas"]["Problem"], "components": doc["components"]}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        unknown = await client.get("/healthz", params={"verbose": "1"})
        tokenless = await client.get("/api/v1/admin/dead-letters")
    for answer, status in ((unknown, 422), (tokenless, 401)):
        assert answer.status_code == status
        assert answer.headers["content-type"] == PROBLEM
        jsonschema.validate(answer.json(), schema)
    assert tokenless.headers["www-authenticate"] == "Bearer"


def _plain_dependencies(dependant: Any) -> Iterator[str]:
    for dependency in dependant.dependencies:
        call = dependency.call
        if inspect.isfunction(call) and not inspect.iscoroutinefunction(call):
            yield call.__qualname__
        yield from _plain_dependencies(dependency)


@pytest.mark.parametrize("name", SERVICES)
def test_no_route_waits_on_a_worker_thread_for_a_plain_dependency(name: str, apps: Apps) -> None:
    """FastAPI runs a dependency that is a plain `def` on a worker thread: a thread's handoff on every
    request, and a request waits when the 40 threads are taken."""
    plain = {
        (str(route.path_format), call)
        for route in iter_route_contexts(apps(name).routes)
        if isinstance(route.original_route, APIRoute)
        for call in _plain_dependencies(route.dependant)
    }
    assert plain == set()
