"""The one text rule on every route, in all six services: a NUL in any text a caller sends is a
422 naming the field, in the office's words, and changes nothing; a text as long as the OpenAPI
document allows is kept.

PostgreSQL cannot store a NUL (asyncpg refuses it: a 500 there), nor a text past its column's
length; SQLite stores both silently. So the rule is the bounds' (`shared.bounds`), before any
database, and each stated length is one the columns hold. The bodies are the business-time tests'
recipes (a request each route accepts), with every text in them, and the optional ones, given a
NUL at once, or made as long as allowed; the query parameters are every free string each list
route takes, found in its OpenAPI document.
"""

import re
import tempfile
from pathlib import Path
from typing import Any

import pytest

from shared.text import NO_NUL, PRINTABLE
from tests.integration.conftest import app_factory, settings_for
from tests.integration.test_business_time_everywhere import RECIPES, SERVICES, STAFF, events_in
from tests.unit.test_openapi import strings_in

NUL = "名\x00称"
REFUSED = "不能包含"  # 不能包含空字符 / 不能包含换行符或控制字符


def texts_of(body: Any, where: str = "") -> list[str]:
    """The dotted names of the strings in a JSON body (`days.0.leader.name`), not `at`, not a
    moment or a date (which parse or fail), nor a value of a closed set (`kind`)."""
    if isinstance(body, dict):
        return [n for key, value in body.items() if key != "at" for n in texts_of(value, f"{where}{key}.")]
    if isinstance(body, list):
        return [n for index, value in enumerate(body) for n in texts_of(value, f"{where}{index}.")]
    if isinstance(body, str) and not body[:4].isdigit():
        return [where.rstrip(".")]
    return []


def with_nul(body: Any, names: set[str], where: str = "") -> Any:
    if isinstance(body, dict):
        return {key: with_nul(value, names, f"{where}{key}.") for key, value in body.items()}
    if isinstance(body, list):
        return [with_nul(value, names, f"{where}{index}.") for index, value in enumerate(body)]
    return NUL if where.rstrip(".") in names else body


def plant(body: dict[str, Any], where: str) -> str:
    """A NUL at `where` (`findings[].description`) in `body`, beside what is there; answers its
    dotted name (`findings.0.description`; a new list's first item, a list's new last one)."""
    *parents, leaf = where.split(".")
    names, here = [], body
    for part in parents:
        key = part.removesuffix("[]")
        if part.endswith("[]"):
            items = here.setdefault(key, [])
            items.append({})
            names += [key, str(len(items) - 1)]
            here = items[-1]
        else:
            here = here.setdefault(key, {})
            names.append(key)
    key = leaf.removesuffix("[]")
    if leaf.endswith("[]"):
        here.setdefault(key, []).append(NUL)
        return ".".join([*names, key, str(len(here[key]) - 1)])
    here[key] = NUL
    return ".".join([*names, key])


def document_of(service: str, tmp: Path) -> dict[str, Any]:
    url = f"sqlite+aiosqlite:///{tmp}/{service}.db"
    settings = settings_for(service, database_url=url, nats_url="nats://127.0.0.1:1", data_dir=tmp)
    return app_factory(service)(settings).openapi()


def free_texts(document: dict[str, Any], method: str, path: str) -> dict[str, str]:
    """Where the route's body holds free text, as `strings_in` writes it (`days[].leader.name`),
    and the pattern it must match."""
    body = document["paths"][path][method.lower()]["requestBody"]["content"]["application/json"]
    return {
        where.removeprefix("."): string.get("pattern", "")
        for where, string in strings_in(document, body["schema"], "")
        if not ({"enum", "const", "format"} & set(string))
    }


def in_schema(name: str) -> str:
    """`days.0.leader.name` → `days[].leader.name`."""
    return re.sub(r"\.(\d+)(?=\.|$)", "[]", name)


def routes_taking_text() -> list[tuple[str, str, str]]:
    """The routes with a recipe whose body holds free text (the others take codes, numbers, dates)."""
    with tempfile.TemporaryDirectory() as tmp:
        documents = {service: document_of(service, Path(tmp)) for service in SERVICES}
    return [(s, m, p) for s, m, p in sorted(RECIPES) if free_texts(documents[s], m, p)]


@pytest.mark.parametrize(("service", "method", "path"), routes_taking_text())
async def test_a_nul_in_any_text_of_a_body_is_422_and_changes_nothing(
    start_stack: Any, tmp_path: Path, service: str, method: str, path: str
) -> None:
    async with start_stack(service) as stack:
        probe = await RECIPES[(service, method, path)](stack)
        free = free_texts(document_of(service, tmp_path), method, path)
        names = {n for n in texts_of(probe.body) if in_schema(n) in free}
        body = with_nul(probe.body, names)
        for where in free:  # those the recipe leaves out (optional, or in a list it leaves empty)
            if not any(in_schema(n) == where for n in names):
                names.add(plant(body, where))
        before = await events_in(stack, service)
        url = f"/api/v1{probe.path}"
        answer = await getattr(stack, service).request(probe.method, url, json=body, headers=probe.actor)
        assert answer.status_code == 422, answer.text
        assert answer.headers["content-type"] == "application/problem+json"
        errors = {e["field"]: e["message"] for e in answer.json()["errors"]}
        assert names <= set(errors), (sorted(names), errors)
        worded = {n for n in names if free[in_schema(n)] in (PRINTABLE, NO_NUL)}  # not a plate's own
        assert worded, names
        assert all(REFUSED in errors[n] for n in worded), errors
        assert await events_in(stack, service) == before
        done = await getattr(stack, service).request(probe.method, url, json=probe.body, headers=probe.actor)
        assert done.status_code in (200, 201), done.text


def list_queries(service: str, tmp: Path) -> list[tuple[str, str, dict[str, int]]]:
    """(path, parameter, the other parameters it needs) of every free string query parameter of the
    service's GET routes that take no path parameter (a required year: 2022)."""
    document = document_of(service, tmp)
    found = []
    for path, operations in document["paths"].items():
        get = operations.get("get")
        if get is None or "{" in path or "security" not in get:
            continue
        taken = [p for p in get.get("parameters", []) if p["in"] == "query"]
        needed = {p["name"]: 2022 for p in taken if p.get("required") and p["name"] == "year"}
        for parameter in taken:
            for _, string in strings_in(document, parameter.get("schema", {}), ""):
                if not ({"enum", "const", "format"} & set(string)):
                    found.append((path, parameter["name"], needed))
    return found


@pytest.mark.parametrize("service", SERVICES)
async def test_a_nul_in_any_query_text_is_422(start_stack: Any, tmp_path: Path, service: str) -> None:
    queries = list_queries(service, tmp_path)
    assert queries, service  # every service lists something by a code, a cursor or words
    async with start_stack(service) as stack:
        for path, name, needed in queries:
            params = {**needed, name: "a\x00"}
            answer = await getattr(stack, service).get(path, params=params, headers=STAFF)
            assert answer.status_code == 422, (path, name, answer.text)
            assert [e["field"] for e in answer.json()["errors"]] == [name], answer.text


ENDLESS = {"/api/v1/inbox/stream"}  # a live stream: the notify tests read it
LOGINS = {"person", "with_person"}  # someone's login, which a roster must know: not free text


def at_length(body: Any, lengths: dict[str, int], where: str = "") -> Any:
    """`body` with each of its strings named in `lengths` (`days[].leader.name`) that long."""
    if isinstance(body, dict):
        return {key: at_length(value, lengths, f"{where}{key}.") for key, value in body.items()}
    if isinstance(body, list):
        return [at_length(value, lengths, f"{where}{index}.") for index, value in enumerate(body)]
    name = in_schema(where.rstrip("."))
    return "字" * lengths[name] if isinstance(body, str) and name in lengths else body


@pytest.mark.parametrize(("service", "method", "path"), routes_taking_text())
async def test_every_text_at_its_stated_length_is_kept(
    start_stack: Any, tmp_path: Path, service: str, method: str, path: str
) -> None:
    """What the OpenAPI document says a text may be, its column holds: PostgreSQL refuses a longer
    value (a 500), SQLite keeps it. Codes and ids (20, 32) must name something, so they stay."""
    async with start_stack(service) as stack:
        probe = await RECIPES[(service, method, path)](stack)
        document = document_of(service, tmp_path)
        body = document["paths"][path][method.lower()]["requestBody"]["content"]["application/json"]
        lengths = {
            where.removeprefix("."): string["maxLength"]
            for where, string in strings_in(document, body["schema"], "")
            if string.get("pattern") in (PRINTABLE, NO_NUL)
            and string["maxLength"] > 32
            and where.rsplit(".", 1)[-1] not in LOGINS
        }
        long = at_length(probe.body, lengths)
        for name, n in lengths.items():  # the optional ones the recipe leaves out
            key = name.removesuffix("[]")
            if "." not in name and key not in long:
                long[key] = ["字" * n] if name.endswith("[]") else "字" * n
        url = f"/api/v1{probe.path}"
        answer = await getattr(stack, service).request(probe.method, url, json=long, headers=probe.actor)
        assert answer.status_code in (200, 201), answer.text


@pytest.mark.parametrize("service", SERVICES)
async def test_an_empty_unit_filter_is_no_filter(start_stack: Any, tmp_path: Path, service: str) -> None:
    """`?unit=` (a form's 全办) lists what no `unit` lists, on every list route that takes one."""
    queries = list_queries(service, tmp_path)
    units = [(p, needed) for p, name, needed in queries if name == "unit" and p not in ENDLESS]
    assert units or service in ("meetings", "aggregate"), service  # by organiser; the year's figures
    async with start_stack(service) as stack:
        for path, needed in units:
            client = getattr(stack, service)
            empty = await client.get(path, params={**needed, "unit": ""}, headers=STAFF)
            absent = await client.get(path, params=needed, headers=STAFF)
            assert empty.status_code == absent.status_code == 200, (path, empty.text)
            if empty.headers["content-type"] == "application/json":
                assert empty.json().get("items") == absent.json().get("items"), path
            else:  # a register's file
                assert empty.headers["content-disposition"] == absent.headers["content-disposition"]
