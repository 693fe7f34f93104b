"""The one business-time rule on every route that takes `at`, in all six services.

The routes are found in the apps' OpenAPI documents (a request body with an `at`
property); each has a recipe here that makes what the route acts on. For each route a
liaison's and a unit account's `at` of two days ago is a 403 (the business-time rule's,
wherever the account may act at all), and an office account's `at` in 2150 a 422 on `at`,
all problem+json, and none stores an event; then the same request with no `at` succeeds,
so the refusals were the rule's and not a wrong body's.
"""

import itertools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from shared.spine import OutboxEvent
from tests.integration.conftest import app_factory, settings_for
from tests.integration.docs.support import outgoing
from tests.integration.docs_supervision.support import supervision
from tests.integration.infoscore.helpers import RULES_2022, adoption, submission
from tests.integration.logistics_duty.conftest import roster
from tests.integration.meetings.helpers import meeting
from tests.integration.test_incoming_slice import incoming
from tests.support import token

SERVICES = ("docs", "meetings", "infoscore", "logistics", "aggregate", "notify")
STAFF = token(clearance="top_secret")
ADMIN = token(sub="admin-wang", roles=("admin",), clearance="top_secret")
REVIEWER = token(sub="bob", clearance="top_secret")
LEADER = token(sub="lao-wang", roles=("leader",), clearance="top_secret")
LIAISON = token(sub="nn-liaison", unit="NNCB", roles=("liaison",))
UNIT_ACCOUNT = token(sub="nn-unit", unit="NNCB", roles=("unit",))
ZHANG = token(sub="xiao-zhang", unit="GO", roles=("liaison",))
FAR = "2150-01-01T09:00:00+08:00"
SOON = (date.today() + timedelta(days=30)).isoformat()
NUMBERS = itertools.count(100)


@dataclass(frozen=True)
class Probe:
    """A request the route accepts without `at`, by `actor`; `liaison` is a unit's account."""

    method: str
    path: str
    body: dict[str, Any] = field(default_factory=dict)
    actor: dict[str, str] = field(default_factory=lambda: STAFF)
    liaison: dict[str, str] = field(default_factory=lambda: LIAISON)


Recipe = Callable[[Any], Awaitable[Probe]]
OFFICE_ONLY = {
    (service, method, f"/api/v1{path}")
    for service, method, path in [
        ("aggregate", "PUT", "/indicators/{year}/{code}"),
        ("docs", "POST", "/incoming/{incoming_id}/assign"),
        ("docs", "POST", "/incoming/{incoming_id}/urge"),
        ("docs", "POST", "/outgoing"),
        ("docs", "POST", "/outgoing/{outgoing_id}/approve"),
        ("docs", "POST", "/outgoing/{outgoing_id}/dispatch"),
        ("docs", "POST", "/outgoing/{outgoing_id}/return"),
        ("docs", "POST", "/outgoing/{outgoing_id}/sign"),
        ("docs", "POST", "/supervision"),
        ("docs", "POST", "/supervision/notices"),
        ("docs", "POST", "/supervision/{item_id}/urge"),
        ("docs", "PUT", "/outgoing/{outgoing_id}"),
        ("infoscore", "POST", "/adoptions/{adoption_id}/withdraw"),
        ("infoscore", "POST", "/assessments"),
        ("infoscore", "POST", "/disclosures"),
        ("infoscore", "POST", "/notices"),
        ("infoscore", "POST", "/submissions/{submission_id}/adoptions"),
        ("infoscore", "PUT", "/scoring-rules/{year}"),
        ("infoscore", "PUT", "/targets/{year}/{unit}"),
        ("logistics", "POST", "/drivers"),
        ("logistics", "POST", "/duty/rosters"),
        ("logistics", "POST", "/duty/swaps/{swap_id}/approve"),
        ("logistics", "POST", "/duty/swaps/{swap_id}/reject"),
        ("logistics", "POST", "/inspections/plans"),
        ("logistics", "POST", "/maintenance/tickets/{ticket_id}/resolve"),
        ("logistics", "POST", "/maintenance/tickets/{ticket_id}/start"),
        ("logistics", "POST", "/supplies"),
        ("logistics", "POST", "/supplies/{item_id}/purchases"),
        ("logistics", "POST", "/trips/{trip_id}/approve"),
        ("logistics", "POST", "/trips/{trip_id}/reject"),
        ("logistics", "POST", "/trips/{trip_id}/return"),
        ("logistics", "POST", "/vehicles"),
        ("meetings", "POST", "/rooms"),
    ]
}
"""Routes (with the records the recipes make) a unit's account may not act on at all: the 403 is the
role's or the unit's, whatever the time; on every other route it is the business-time rule's."""
LIAISONS_ONLY = {
    ("docs", "POST", "/api/v1/materials"),
    ("docs", "POST", "/api/v1/outgoing/{outgoing_id}/check"),
    ("docs", "POST", "/api/v1/outgoing/{outgoing_id}/submit"),
}
"""Routes a liaison may take and a `unit` account may not (its 403 is the role's)."""
RECIPES: dict[tuple[str, str, str], Recipe] = {}


def recipe(service: str, method: str, path: str) -> Callable[[Recipe], Recipe]:
    def register(make: Recipe) -> Recipe:
        RECIPES[(service, method, f"/api/v1{path}")] = make
        return make

    return register


async def made(
    stack: Any, service: str, path: str, body: Any, headers: dict[str, str] = STAFF, method: str = "POST"
) -> dict[str, Any]:
    answer = await getattr(stack, service).request(method, f"/api/v1{path}", json=body, headers=headers)
    assert answer.status_code in (200, 201), answer.text
    return answer.json()  # type: ignore[no-any-return]


# docs: received documents


@recipe("docs", "POST", "/incoming")
async def _incoming(stack: Any) -> Probe:
    return Probe("POST", "/incoming", incoming(unit="NNCB"))


async def _received(stack: Any, **assign: Any) -> str:
    doc = await made(stack, "docs", "/incoming", incoming(unit="NNCB"))
    if assign:
        await made(stack, "docs", f"/incoming/{doc['id']}/assign", {"lead_unit": "NNCB", **assign})
    return str(doc["id"])


@recipe("docs", "POST", "/incoming/{incoming_id}/assign")
async def _assign(stack: Any) -> Probe:
    return Probe("POST", f"/incoming/{await _received(stack)}/assign", {"lead_unit": "NNCB", "due": SOON})


@recipe("docs", "POST", "/incoming/{incoming_id}/complete")
async def _complete(stack: Any) -> Probe:
    return Probe("POST", f"/incoming/{await _received(stack, due=SOON)}/complete")


@recipe("docs", "POST", "/incoming/{incoming_id}/urge")
async def _urge(stack: Any) -> Probe:
    late = await _received(stack, due="2022-03-10", at="2022-03-02T09:00:00+08:00")
    return Probe("POST", f"/incoming/{late}/urge")


# docs: outgoing documents, materials, supervision


async def _draft(stack: Any, *steps: tuple[str, dict[str, str]]) -> str:
    doc = await made(stack, "docs", "/outgoing", outgoing(drafting_unit="NNCB"))
    for action, actor in steps:
        await made(stack, "docs", f"/outgoing/{doc['id']}/{action}", None, actor)
    return str(doc["id"])


SUBMITTED = (("submit", STAFF),)
APPROVED = (*SUBMITTED, ("approve", REVIEWER))
SIGNED = (*APPROVED, ("sign", LEADER))


@recipe("docs", "POST", "/outgoing")
async def _outgoing(stack: Any) -> Probe:
    return Probe("POST", "/outgoing", outgoing())


@recipe("docs", "PUT", "/outgoing/{outgoing_id}")
async def _revise(stack: Any) -> Probe:
    return Probe(
        "PUT", f"/outgoing/{await _draft(stack)}", outgoing(title="关于开展2022年消防安全检查的通知")
    )


def _outgoing_step(
    action: str, before: tuple[tuple[str, dict[str, str]], ...], actor: dict[str, str]
) -> None:
    async def make(stack: Any) -> Probe:
        body = {"reason": "请补充检查范围"} if action == "return" else {}
        return Probe("POST", f"/outgoing/{await _draft(stack, *before)}/{action}", body, actor)

    recipe("docs", "POST", f"/outgoing/{{outgoing_id}}/{action}")(make)


_outgoing_step("check", (), STAFF)
_outgoing_step("submit", (), STAFF)
_outgoing_step("return", SUBMITTED, REVIEWER)
_outgoing_step("approve", SUBMITTED, REVIEWER)
_outgoing_step("sign", APPROVED, LEADER)
_outgoing_step("dispatch", SIGNED, STAFF)


@recipe("docs", "POST", "/materials")
async def _materials(stack: Any) -> Probe:
    body = {"kind": "report", "title": "年度工作总结", "completed_at": "2022-03-01T09:00:00+08:00"}
    return Probe("POST", "/materials", body)


@recipe("docs", "POST", "/supervision/notices")
async def _supervision_notice(stack: Any) -> Probe:
    return Probe("POST", "/supervision/notices", {"year": 2022, "month": 3})


def _supervision_body() -> dict[str, Any]:
    return {k: v for k, v in supervision(due=SOON).items() if k != "at"}


@recipe("docs", "POST", "/supervision")
async def _supervision(stack: Any) -> Probe:
    return Probe("POST", "/supervision", _supervision_body())


def _supervision_step(action: str, body: dict[str, Any]) -> None:
    async def make(stack: Any) -> Probe:
        item = await made(stack, "docs", "/supervision", _supervision_body())
        return Probe("POST", f"/supervision/{item['id']}/{action}", body)

    recipe("docs", "POST", f"/supervision/{{item_id}}/{action}")(make)


_supervision_step("progress", {"note": "已完成现场检查"})
_supervision_step("urge", {})
_supervision_step("complete", {})


# meetings


def _meeting_body() -> dict[str, Any]:
    return meeting(organizer_unit="NNCB", room=None, attendee_units=["NNCB"])


@recipe("meetings", "POST", "/meetings")
async def _meeting(stack: Any) -> Probe:
    return Probe("POST", "/meetings", _meeting_body())


@recipe("meetings", "POST", "/series")
async def _series(stack: Any) -> Probe:
    return Probe("POST", "/series", {**_meeting_body(), "recurrence": {"freq": "weekly", "count": 3}})


@recipe("meetings", "POST", "/rooms")
async def _room(stack: Any) -> Probe:
    return Probe("POST", "/rooms", {"code": f"R{next(NUMBERS)}", "name": "第一会议室", "capacity": 20})


def _meeting_step(action: str, body: dict[str, Any]) -> None:
    async def make(stack: Any) -> Probe:
        held = await made(stack, "meetings", "/meetings", _meeting_body())
        return Probe("POST", f"/meetings/{held['id']}/{action}", body)

    recipe("meetings", "POST", f"/meetings/{{meeting_id}}/{action}")(make)


_meeting_step("notice", {})
_meeting_step("materials", {"titles": ["会议议程"]})
_meeting_step("cancel", {})
_meeting_step("attendance", {"person": "张三", "unit": "NNCB"})
_meeting_step("minutes", {"summary": "会议研究了安全生产工作。"})


# infoscore


async def _rules(stack: Any) -> None:
    await made(stack, "infoscore", "/scoring-rules/2022", RULES_2022, ADMIN, method="PUT")


@recipe("infoscore", "PUT", "/scoring-rules/{year}")
async def _scoring_rules(stack: Any) -> Probe:
    return Probe("PUT", "/scoring-rules/2022", RULES_2022, ADMIN)


@recipe("infoscore", "PUT", "/targets/{year}/{unit}")
async def _target(stack: Any) -> Probe:
    return Probe("PUT", "/targets/2022/NNCB", {"submissions": 10, "adoptions": 4, "points": 20})


@recipe("infoscore", "POST", "/submissions")
async def _submission(stack: Any) -> Probe:
    await _rules(stack)
    return Probe("POST", "/submissions", submission(unit="NNCB"))


@recipe("infoscore", "POST", "/submissions/{submission_id}/adoptions")
async def _adoption(stack: Any) -> Probe:
    await _rules(stack)
    sent = await made(stack, "infoscore", "/submissions", submission(unit="NNCB"))
    return Probe("POST", f"/submissions/{sent['id']}/adoptions", adoption())


@recipe("infoscore", "POST", "/adoptions/{adoption_id}/withdraw")
async def _withdrawal(stack: Any) -> Probe:
    await _rules(stack)
    sent = await made(stack, "infoscore", "/submissions", submission(unit="NNCB"))
    adopted = await made(stack, "infoscore", f"/submissions/{sent['id']}/adoptions", adoption())
    return Probe("POST", f"/adoptions/{adopted['id']}/withdraw", {"reason": "误录"})


@recipe("infoscore", "POST", "/notices")
async def _infoscore_notice(stack: Any) -> Probe:
    await _rules(stack)
    return Probe("POST", "/notices", {"year": 2022, "month": 3})


@recipe("infoscore", "POST", "/disclosures")
async def _disclosure(stack: Any) -> Probe:
    body = {"title": "政务公开", "category": "通知公告", "published_at": "2022-03-01T09:00:00+08:00"}
    return Probe("POST", "/disclosures", body)


@recipe("infoscore", "POST", "/assessments")
async def _assessment(stack: Any) -> Probe:
    return Probe("POST", "/assessments", {"year": 2021, "rank": 9, "points": 80})


# logistics


async def _vehicle(stack: Any) -> str:
    body = {"plate": f"桂A{next(NUMBERS)}", "model": "大众帕萨特", "seats": 5, "odometer_km": 10000}
    return str((await made(stack, "logistics", "/vehicles", body))["id"])


def _trip_body(vehicle_id: str) -> dict[str, Any]:
    return {
        "vehicle_id": vehicle_id,
        "unit": "NNCB",
        "purpose": "赴南宁市局开展安全检查",
        "destination": "南宁市",
        "passengers": 3,
        "start": "2022-04-01T08:00:00+08:00",
        "end": "2022-04-01T18:00:00+08:00",
    }


@recipe("logistics", "POST", "/vehicles")
async def _vehicles(stack: Any) -> Probe:
    return Probe("POST", "/vehicles", {"plate": f"桂B{next(NUMBERS)}", "model": "丰田凯美瑞", "seats": 5})


@recipe("logistics", "POST", "/drivers")
async def _driver(stack: Any) -> Probe:
    return Probe("POST", "/drivers", {"name": "李师傅", "phone": "13800000000"})


@recipe("logistics", "POST", "/trips")
async def _trip(stack: Any) -> Probe:
    return Probe("POST", "/trips", _trip_body(await _vehicle(stack)))


async def _driver_id(stack: Any) -> str:
    return str((await made(stack, "logistics", "/drivers", {"name": "李师傅"}))["id"])


def _trip_step(action: str, body: dict[str, Any], actor: dict[str, str], approved: bool = False) -> None:
    async def make(stack: Any) -> Probe:
        trip = await made(stack, "logistics", "/trips", _trip_body(await _vehicle(stack)))
        path = f"/trips/{trip['id']}"
        if approved:
            await made(stack, "logistics", f"{path}/approve", {"driver_id": await _driver_id(stack)}, LEADER)
        if action == "approve":
            return Probe("POST", f"{path}/approve", {"driver_id": await _driver_id(stack)}, actor)
        return Probe("POST", f"{path}/{action}", body, actor)

    recipe("logistics", "POST", f"/trips/{{trip_id}}/{action}")(make)


_trip_step("approve", {}, LEADER)
_trip_step("reject", {"reason": "车辆另有安排"}, LEADER)
_trip_step("cancel", {}, STAFF)
_trip_step("return", {"odometer_km": 10126}, STAFF, approved=True)


@recipe("logistics", "POST", "/receptions")
async def _reception(stack: Any) -> Probe:
    body = {
        "party": "自治区审计厅检查组",
        "purpose": "专项审计",
        "headcount": 6,
        "escorts": 2,
        "start": "2022-06-08T09:00:00+08:00",
        "days": 2,
        "nights": 1,
        "meals_cost": "1600.00",
        "lodging_cost": "1800.00",
    }
    return Probe("POST", "/receptions", body)


async def _supply(stack: Any, stocked: bool = False) -> str:
    item = await made(stack, "logistics", "/supplies", {"name": f"A4复印纸{next(NUMBERS)}"})
    if stocked:
        await made(
            stack, "logistics", f"/supplies/{item['id']}/purchases", {"quantity": 10, "unit_price": "25.00"}
        )
    return str(item["id"])


@recipe("logistics", "POST", "/supplies")
async def _supplies(stack: Any) -> Probe:
    return Probe("POST", "/supplies", {"name": f"订书钉{next(NUMBERS)}"})


@recipe("logistics", "POST", "/supplies/{item_id}/purchases")
async def _purchase(stack: Any) -> Probe:
    return Probe(
        "POST", f"/supplies/{await _supply(stack)}/purchases", {"quantity": 10, "unit_price": "25.00"}
    )


@recipe("logistics", "POST", "/supplies/{item_id}/requisitions")
async def _requisition(stack: Any) -> Probe:
    return Probe("POST", f"/supplies/{await _supply(stack, stocked=True)}/requisitions", {"quantity": 1})


@recipe("logistics", "POST", "/subscriptions")
async def _subscription(stack: Any) -> Probe:
    body = {"year": 2022, "title": "人民日报", "copies": 2, "unit_price": "100.00"}
    return Probe("POST", "/subscriptions", body)


def _ticket_body() -> dict[str, Any]:
    return {
        "category": "water",
        "location": "办公楼3楼东侧卫生间",
        "description": "水龙头漏水",
        "unit": "NNCB",
    }


@recipe("logistics", "POST", "/maintenance/tickets")
async def _ticket(stack: Any) -> Probe:
    return Probe("POST", "/maintenance/tickets", _ticket_body())


def _ticket_step(action: str, body: dict[str, Any], started: bool = False) -> None:
    async def make(stack: Any) -> Probe:
        ticket = await made(stack, "logistics", "/maintenance/tickets", _ticket_body())
        if started:
            await made(
                stack, "logistics", f"/maintenance/tickets/{ticket['id']}/start", {"assignee": "张师傅"}
            )
        return Probe("POST", f"/maintenance/tickets/{ticket['id']}/{action}", body)

    recipe("logistics", "POST", f"/maintenance/tickets/{{ticket_id}}/{action}")(make)


_ticket_step("start", {"assignee": "张师傅"})
_ticket_step("resolve", {"resolution": "更换阀芯"}, started=True)
_ticket_step("cancel", {})


def _plan_body() -> dict[str, Any]:
    return {"name": "门户网站周巡检", "target": "门户网站", "cadence": "weekly", "starts_on": "2022-03-07"}


@recipe("logistics", "POST", "/inspections/plans")
async def _plan(stack: Any) -> Probe:
    return Probe("POST", "/inspections/plans", _plan_body())


@recipe("logistics", "POST", "/inspections/plans/{plan_id}/results")
async def _result(stack: Any) -> Probe:
    plan = await made(stack, "logistics", "/inspections/plans", _plan_body())
    return Probe("POST", f"/inspections/plans/{plan['id']}/results", {"outcome": "ok"})


def _future_roster() -> dict[str, Any]:
    return roster("2099-10-01", 3)  # a year whose holidays the tests enter


@recipe("logistics", "POST", "/duty/rosters")
async def _roster(stack: Any) -> Probe:
    return Probe("POST", "/duty/rosters", _future_roster())


async def _swap_body(stack: Any) -> dict[str, Any]:
    published = await made(stack, "logistics", "/duty/rosters", _future_roster())
    shift = next(s for s in published["days"][0]["staff"])
    return {"shift": shift["id"], "with_person": "xiao-liu", "reason": "家中有事"}


@recipe("logistics", "POST", "/duty/swaps")
async def _swap(stack: Any) -> Probe:
    return Probe("POST", "/duty/swaps", await _swap_body(stack), ZHANG, ZHANG)


def _swap_step(action: str, body: dict[str, Any]) -> None:
    async def make(stack: Any) -> Probe:
        swap = await made(stack, "logistics", "/duty/swaps", await _swap_body(stack), ZHANG)
        return Probe("POST", f"/duty/swaps/{swap['id']}/{action}", body, LEADER, ZHANG)

    recipe("logistics", "POST", f"/duty/swaps/{{swap_id}}/{action}")(make)


_swap_step("approve", {})
_swap_step("reject", {"reason": "当日另有安排"})


# aggregate


@recipe("aggregate", "PUT", "/indicators/{year}/{code}")
async def _indicator(stack: Any) -> Probe:
    return Probe("PUT", "/indicators/2022/J01", {"name": "收文办理", "kind": "basic", "points": 10})


def routes_taking_at(tmp: Path) -> set[tuple[str, str, str]]:
    """(service, method, path) of every route whose JSON request body has an `at` property."""
    found = set()
    for name in SERVICES:
        url = f"sqlite+aiosqlite:///{tmp}/{name}.db"
        app = app_factory(name)(
            settings_for(name, database_url=url, nats_url="nats://127.0.0.1:1", data_dir=tmp)
        )
        document = app.openapi()
        for path, operations in document["paths"].items():
            for method, operation in operations.items():
                content = operation.get("requestBody", {}).get("content", {}).get("application/json")
                if content and "at" in _properties(document, content["schema"]):
                    found.add((name, method.upper(), path))
    return found


def _properties(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return _properties(document, document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]])
    for part in schema.get("anyOf", []) + schema.get("allOf", []):
        if found := _properties(document, part):
            return found
    return schema.get("properties", {})  # type: ignore[no-any-return]


def test_every_route_taking_a_business_time_has_a_recipe(tmp_path: Path) -> None:
    found = routes_taking_at(tmp_path)
    assert len(found) > 40  # the discovery sees the routes at all
    assert found == set(RECIPES), (sorted(found - set(RECIPES)), sorted(set(RECIPES) - found))
    assert (OFFICE_ONLY | LIAISONS_ONLY).issubset(found)


async def events_in(stack: Any, service: str) -> int:
    async with stack.apps[service].state.factory() as session:
        return int(await session.scalar(select(func.count()).select_from(OutboxEvent)) or 0)


async def refused(stack: Any, service: str, probe: Probe, at: str, headers: dict[str, str]) -> Any:
    """The probe with `at`: a problem+json, and no event stored."""
    before = await events_in(stack, service)
    body = {**probe.body, "at": at}
    answer = await getattr(stack, service).request(
        probe.method, f"/api/v1{probe.path}", json=body, headers=headers
    )
    assert answer.headers["content-type"] == "application/problem+json", answer.text
    assert await events_in(stack, service) == before
    return answer


@pytest.mark.parametrize(("service", "method", "path"), sorted(RECIPES))
async def test_a_liaisons_backdated_at_is_403_and_one_in_2150_is_422(
    start_stack: Any, service: str, method: str, path: str
) -> None:
    async with start_stack(service) as stack:
        probe = await RECIPES[(service, method, path)](stack)
        two_days_ago = (datetime.now().astimezone() - timedelta(days=2)).isoformat()
        for account in (probe.liaison, UNIT_ACCOUNT):
            backdated = await refused(stack, service, probe, two_days_ago, account)
            assert backdated.status_code == 403, backdated.text
            refused_anyway = OFFICE_ONLY | (LIAISONS_ONLY if account is UNIT_ACCOUNT else set())
            if (service, method, path) not in refused_anyway:
                assert "补录" in backdated.json()["detail"], backdated.text  # the rule's, not the role's
        ahead = await refused(stack, service, probe, FAR, probe.actor)
        assert ahead.status_code == 422, ahead.text
        assert "at" in [e["field"] for e in ahead.json()["errors"]], ahead.text
        url = f"/api/v1{probe.path}"
        done = await getattr(stack, service).request(probe.method, url, json=probe.body, headers=probe.actor)
        assert done.status_code in (200, 201), done.text
