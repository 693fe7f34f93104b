"""报修: a ticket is opened, started and resolved, with the time it took; wrong steps are 409."""

from typing import Any

from tests.integration.logistics.conftest import (
    NANNING,
    STAFF,
    Tap,
    assert_problem,
    created,
    outbox_size,
    post,
)
from tests.support import token


def ticket(**fields: Any) -> dict[str, Any]:
    body = {
        "category": "water",
        "location": "办公楼3楼东侧卫生间",
        "description": "水龙头漏水",
        "at": "2022-07-01T09:00:00+08:00",
    }
    return {**body, **fields}


async def test_a_ticket_is_resolved_with_its_time_to_resolve(logistics: Any, tap: Tap) -> None:
    opened = await created(logistics, "/maintenance/tickets", ticket(unit="NNCB"))
    assert opened["status"] == "open"
    path = f"/maintenance/tickets/{opened['id']}"
    started = await created(
        logistics, f"{path}/start", {"assignee": "张师傅", "at": "2022-07-01T09:30:00+08:00"}
    )
    assert started["status"] == "in_progress"
    resolved = await created(
        logistics, f"{path}/resolve", {"resolution": "更换阀芯", "at": "2022-07-01T11:15:00+08:00"}
    )
    assert (resolved["status"], resolved["resolve_minutes"]) == ("resolved", 135)
    event = (await tap.wait_for("office.logistics.ticket.resolved"))[0]
    assert (event["unit"], event["data"]["resolve_minutes"], event["data"]["category"]) == (
        "NNCB",
        135,
        "water",
    )
    assert len(await tap.wait_for("office.logistics.ticket.opened")) == 1
    mine = await logistics.logistics.get("/api/v1/maintenance/tickets", headers=NANNING)
    assert [t["id"] for t in mine.json()["items"]] == [opened["id"]]


async def test_wrong_steps_are_409(logistics: Any) -> None:
    opened = await created(logistics, "/maintenance/tickets", ticket())
    path = f"/maintenance/tickets/{opened['id']}"
    await created(logistics, f"{path}/cancel", {})
    assert_problem(await post(logistics, f"{path}/start", {"assignee": "张师傅"}), 409)
    assert_problem(await post(logistics, f"{path}/resolve", {"resolution": "x"}), 409)
    assert_problem(await post(logistics, f"{path}/cancel", {}), 409)


async def test_bad_ticket_input_and_callers(logistics: Any) -> None:
    for field, value in [("category", "roof"), ("location", ""), ("unit", "XXCB"), ("at", "noon")]:
        assert_problem(await post(logistics, "/maintenance/tickets", ticket(**{field: value})), 422, field)
    assert await outbox_size(logistics) == 0
    assert_problem(await logistics.logistics.post("/api/v1/maintenance/tickets", json=ticket()), 401)
    opened = await created(logistics, "/maintenance/tickets", ticket(unit="NNCB"), STAFF)
    path = f"/maintenance/tickets/{opened['id']}"
    assert_problem(await post(logistics, f"{path}/start", {"assignee": "x"}, NANNING), 403)
    answer = await post(logistics, f"{path}/resolve", {"resolution": "x", "at": "2022-06-30T09:00:00+08:00"})
    assert_problem(answer, 422, "at")  # before it was opened
    other = token(sub="lz", unit="LZCB", roles=("liaison",))
    assert_problem(await post(logistics, f"{path}/cancel", {}, other), 404)
    assert_problem(await post(logistics, "/maintenance/tickets", ticket(unit="LZCB"), NANNING), 403)


async def test_a_repeated_idempotency_key_answers_the_first_answer_and_changes_nothing(
    logistics: Any,
) -> None:
    keyed = {**STAFF, "Idempotency-Key": "ticket-1"}
    first = await post(logistics, "/maintenance/tickets", ticket(), keyed)
    again = await post(logistics, "/maintenance/tickets", ticket(), keyed)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
    other_body = await post(logistics, "/maintenance/tickets", ticket(description="另一处漏水"), keyed)
    assert_problem(other_body, 422)  # the key of another body
    events = await outbox_size(logistics)
    path = f"/maintenance/tickets/{first.json()['id']}"
    start = {**STAFF, "Idempotency-Key": "start-1"}
    started = await post(logistics, f"{path}/start", {"assignee": "张师傅"}, start)
    assert (started.status_code, started.json()["status"]) == (200, "in_progress")
    assert (await post(logistics, f"{path}/start", {"assignee": "张师傅"}, start)).json() == started.json()
    assert_problem(await post(logistics, f"{path}/start", {"assignee": "李师傅"}, start), 422)
    assert await outbox_size(logistics) == events + 1
    assert_problem(await post(logistics, f"{path}/cancel", {}, start), 409)  # the key of another request
    listed = await logistics.logistics.get("/api/v1/maintenance/tickets", headers=STAFF)
    assert [t["id"] for t in listed.json()["items"]] == [first.json()["id"]]
