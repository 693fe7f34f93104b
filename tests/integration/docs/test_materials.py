"""Comprehensive materials (综合材料): recorded, listed by year, kind and unit, each an event."""

from typing import Any

import pytest
from sqlalchemy import func, select

from shared.spine import OutboxEvent
from tests.integration.docs.support import PROBLEM, STAFF, published
from tests.support import NatsServer, eventually, token

pytestmark = pytest.mark.timeout(120)


def material(**overrides: Any) -> dict[str, Any]:
    body = {
        "kind": "summary",
        "title": "办公室2022年工作总结",
        "unit": "GO",
        "completed_at": "2022-12-20T17:00:00+08:00",
    }
    return {**body, **overrides}


@pytest.fixture
async def docs(start_stack: Any) -> Any:
    async with start_stack("docs") as stack:
        yield stack


async def record(stack: Any, headers: dict[str, str] = STAFF, **fields: Any) -> dict[str, Any]:
    answer = await stack.docs.post("/api/v1/materials", json=material(**fields), headers=headers)
    assert answer.status_code == 201, answer.text
    return answer.json()  # type: ignore[no-any-return]


async def test_a_recorded_material_is_an_event_counted_in_its_year(
    docs: Any, nats_server: NatsServer
) -> None:
    # 2022-12-31 23:30 in the office's time zone is the office's 2022, whatever UTC says
    recorded = await record(docs, kind="speech", completed_at="2022-12-31T23:30:00+08:00")
    assert recorded["year"] == 2022
    assert recorded["recorded_by"] == "alice"
    again = (await docs.docs.get(f"/api/v1/materials/{recorded['id']}", headers=STAFF)).json()
    assert again == recorded

    found: list[tuple[str, dict[str, Any]]] = []

    async def arrived() -> bool:
        nonlocal found
        found = await published(nats_server.url, "office.docs.material.")
        return len(found) == 1

    await eventually(arrived)
    subject, envelope = found[0]
    assert subject == "office.docs.material.recorded"
    assert envelope["type"] == "office.docs.material.recorded.v1"
    assert envelope["unit"] == "GO"
    assert envelope["data"] == {
        "id": recorded["id"],
        "kind": "speech",
        "title": "办公室2022年工作总结",
        "unit": "GO",
        "completed_at": "2022-12-31T15:30:00Z",
    }


async def test_materials_are_listed_by_year_kind_and_unit(docs: Any) -> None:
    minutes = await record(docs, kind="minutes")
    research = await record(docs, kind="research", unit="RES")
    await record(docs, completed_at="2021-12-20T17:00:00+08:00")
    nanning = token(sub="nn", unit="NNCB", roles=("liaison",))
    theirs = await record(docs, headers=nanning, unit="NNCB", kind="report")

    async def ids(headers: dict[str, str] = STAFF, **params: Any) -> list[str]:
        answer = await docs.docs.get("/api/v1/materials", params=params, headers=headers)
        assert answer.status_code == 200, answer.text
        return [m["id"] for m in answer.json()["items"]]

    assert await ids(year=2022) == [minutes["id"], research["id"], theirs["id"]]
    assert await ids(year=2022, kind="research") == [research["id"]]
    assert await ids(unit="RES") == [research["id"]]
    assert await ids(nanning) == [theirs["id"]]
    assert (await docs.docs.get(f"/api/v1/materials/{minutes['id']}", headers=nanning)).status_code == 404
    page = (await docs.docs.get("/api/v1/materials", params={"limit": 2}, headers=STAFF)).json()
    rest = (
        await docs.docs.get(
            "/api/v1/materials", params={"limit": 2, "cursor": page["next_cursor"]}, headers=STAFF
        )
    ).json()
    assert len(page["items"]) == len(rest["items"]) == 2
    assert rest["next_cursor"] is None


async def stored(stack: Any) -> tuple[int, int]:
    answer = await stack.docs.get("/api/v1/materials", headers=STAFF)
    async with stack.apps["docs"].state.factory() as session:
        events = await session.scalar(select(func.count()).select_from(OutboxEvent))
    return len(answer.json()["items"]), int(events or 0)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("kind", "poem"),
        ("kind", None),
        ("title", ""),
        ("title", "标" * 201),
        ("unit", "XXCB"),
        ("completed_at", "2022-12-20"),
        ("completed_at", "2999-01-01T00:00:00+08:00"),
        ("completed_at", None),
        ("at", "later"),
        ("surprise", 1),
    ],
)
async def test_each_bad_field_is_named_and_nothing_is_stored(docs: Any, field: str, value: Any) -> None:
    answer = await docs.docs.post("/api/v1/materials", json=material(**{field: value}), headers=STAFF)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == PROBLEM
    assert field in [e["field"] for e in answer.json()["errors"]]
    assert await stored(docs) == (0, 0)


async def test_wrong_callers_are_refused(docs: Any) -> None:
    assert (await docs.docs.post("/api/v1/materials", json=material())).status_code == 401
    assert (await docs.docs.get("/api/v1/materials")).status_code == 401
    nanning = token(sub="nn", unit="NNCB", roles=("liaison",))
    answer = await docs.docs.post("/api/v1/materials", json=material(unit="LZCB"), headers=nanning)
    assert answer.status_code == 403
    auditor = token(sub="audit", roles=("auditor",))
    assert (await docs.docs.post("/api/v1/materials", json=material(), headers=auditor)).status_code == 403
    assert await stored(docs) == (0, 0)


@pytest.mark.parametrize("params", [{"kind": "poem"}, {"year": 1800}, {"limit": 501}])
async def test_bad_list_parameters_are_422(docs: Any, params: dict[str, Any]) -> None:
    answer = await docs.docs.get("/api/v1/materials", params=params, headers=STAFF)
    assert answer.status_code == 422
