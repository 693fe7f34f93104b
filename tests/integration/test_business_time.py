"""One business-time rule in every service (shared/business_time.py): a liaison's back-dated `at`
is a 403, an `at` in 2150 or in year 1 a 422, and none of them stores anything."""

import itertools
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from shared.spine import OutboxEvent
from tests.integration.infoscore.helpers import RULES_2022, set_rules, submission
from tests.integration.meetings.helpers import meeting
from tests.integration.test_incoming_slice import incoming
from tests.support import token

STAFF = token()
LIAISON = token(sub="nn-liaison", unit="NNCB", roles=("liaison",))
PAST = "2022-03-30T09:00:00+08:00"
FAR = "2150-01-01T09:00:00+08:00"
YEAR_ONE = "0001-01-01T00:00:00+14:00"

PLATES = itertools.count(10000)
Write = tuple[str, str, dict[str, Any]]  # method, path, body without `at`


async def docs_write(stack: Any) -> Write:
    return "POST", "/api/v1/incoming", incoming(unit="NNCB")


async def meetings_write(stack: Any) -> Write:
    body = meeting(organizer_unit="NNCB", room=None, attendee_units=["NNCB"])
    return "POST", "/api/v1/meetings", body


async def infoscore_write(stack: Any) -> Write:
    await set_rules(stack, 2022, RULES_2022)
    return "POST", "/api/v1/submissions", submission(unit="NNCB")


async def logistics_write(stack: Any) -> Write:
    body = {"plate": f"桂A{next(PLATES)}", "model": "大众帕萨特", "seats": 5, "odometer_km": 10000}
    vehicle = await stack.logistics.post("/api/v1/vehicles", json=body, headers=STAFF)
    assert vehicle.status_code == 201, vehicle.text
    trip = {
        "vehicle_id": vehicle.json()["id"],
        "unit": "NNCB",
        "purpose": "赴南宁市局开展安全检查",
        "destination": "南宁市",
        "passengers": 3,
        "start": "2022-04-01T08:00:00+08:00",
        "end": "2022-04-01T18:00:00+08:00",
    }
    return "POST", "/api/v1/trips", trip


async def aggregate_write(stack: Any) -> Write:
    return "PUT", "/api/v1/indicators/2022/J01", {"name": "收文办理", "kind": "basic", "points": 10}


WRITES: dict[str, Callable[[Any], Awaitable[Write]]] = {
    "docs": docs_write,
    "meetings": meetings_write,
    "infoscore": infoscore_write,
    "logistics": logistics_write,
}


async def events_in(stack: Any, service: str) -> int:
    async with stack.apps[service].state.factory() as session:
        return int(await session.scalar(select(func.count()).select_from(OutboxEvent)) or 0)


async def attempt(stack: Any, service: str, at: str, headers: dict[str, str]) -> Any:
    method, path, body = await (WRITES | {"aggregate": aggregate_write})[service](stack)
    before = await events_in(stack, service)
    answer = await getattr(stack, service).request(method, path, json={**body, "at": at}, headers=headers)
    if answer.status_code >= 400:
        assert answer.headers["content-type"] == "application/problem+json"
        assert await events_in(stack, service) == before
    return answer


@pytest.mark.parametrize("service", WRITES)
async def test_a_liaison_cannot_backdate_but_office_staff_can(start_stack: Any, service: str) -> None:
    async with start_stack(service) as stack:
        refused = await attempt(stack, service, PAST, LIAISON)
        assert refused.status_code == 403, refused.text
        assert "补录" in refused.json()["detail"]
        recent = (datetime.now().astimezone() - timedelta(minutes=5)).isoformat()
        assert (await attempt(stack, service, recent, LIAISON)).status_code == 201
        assert (await attempt(stack, service, PAST, STAFF)).status_code == 201


@pytest.mark.parametrize("service", [*WRITES, "aggregate"])
@pytest.mark.parametrize("at", [FAR, YEAR_ONE, "2201-01-01T00:00:00+08:00", "1899-12-31T23:00:00+00:00"])
async def test_a_business_time_outside_the_office_years_or_ahead_is_422(
    start_stack: Any, service: str, at: str
) -> None:
    async with start_stack(service) as stack:
        answer = await attempt(stack, service, at, STAFF)
        assert answer.status_code == 422, answer.text
        assert "at" in [e["field"] for e in answer.json()["errors"]]


DOCS_FIELDS = [
    ("/api/v1/incoming", incoming(received_at=YEAR_ONE), "received_at"),
    (
        "/api/v1/materials",
        {"kind": "report", "title": "年度工作总结", "completed_at": YEAR_ONE},
        "completed_at",
    ),
    (
        "/api/v1/supervision",
        {"title": "督办", "source": "instruction", "assignee_unit": "NNCB", "due": "9999-12-31"},
        "due",
    ),
]


@pytest.mark.parametrize(("path", "body", "field"), DOCS_FIELDS)
async def test_every_time_and_date_docs_accepts_has_the_same_bounds(
    start_stack: Any, path: str, body: dict[str, Any], field: str
) -> None:
    async with start_stack("docs") as stack:
        answer = await stack.docs.post(path, json=body, headers=STAFF)
        assert answer.status_code == 422, answer.text
        assert field in [e["field"] for e in answer.json()["errors"]]
        assert await events_in(stack, "docs") == 0


async def test_a_due_date_on_assignment_is_bounded_too(start_stack: Any) -> None:
    async with start_stack("docs") as stack:
        doc = (await stack.docs.post("/api/v1/incoming", json=incoming(), headers=STAFF)).json()
        body = {"lead_unit": "NNCB", "due": "9999-12-31"}
        answer = await stack.docs.post(f"/api/v1/incoming/{doc['id']}/assign", json=body, headers=STAFF)
        assert answer.status_code == 422, answer.text
        assert (await stack.docs.get(f"/api/v1/incoming/{doc['id']}", headers=STAFF)).json()[
            "status"
        ] == "registered"
