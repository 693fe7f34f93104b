"""Swaps (换班): asked by the person on duty, decided by a leader; the roster changes on approval."""

from datetime import UTC, datetime
from typing import Any

from tests.integration.logistics.conftest import (
    LEADER,
    STAFF,
    Tap,
    assert_problem,
    created,
    outbox_size,
    post,
)
from tests.integration.logistics_duty.conftest import caller, roster, shift_of

FUTURE = roster("2099-10-01", 3, holiday="国庆节")  # 10-01 xiao-zhang, 10-02 xiao-liu, 10-03 xiao-chen
ZHANG, LIU = caller("xiao-zhang"), caller("xiao-liu")


async def roster_of(stack: Any, roster_id: str) -> dict[str, Any]:
    answer: dict[str, Any] = (
        await stack.logistics.get(f"/api/v1/duty/rosters/{roster_id}", headers=STAFF)
    ).json()
    return answer


async def test_an_approved_swap_changes_the_roster_and_moves_the_pending_reminder(
    logistics: Any, tap: Tap
) -> None:
    published = await created(logistics, "/duty/rosters", FUTURE)
    shift = shift_of(published, "2099-10-01")
    body = {"shift": shift["id"], "with_person": "xiao-liu", "reason": "家中有事"}
    swap = await created(logistics, "/duty/swaps", body, ZHANG)
    assert swap["status"] == "requested" and swap["from_person"] == "xiao-zhang"
    assert shift_of(await roster_of(logistics, published["id"]), "2099-10-01")["person"] == "xiao-zhang"
    requested = (await tap.wait_for("office.logistics.duty.swap_requested"))[0]["data"]
    assert requested["shift_id"] == shift["id"] and requested["with_person"] == "xiao-liu"
    assert requested["date"] == "2099-10-01" and requested["people"] == ["xiao-zhang", "xiao-liu"]

    # both parties see the swap; nobody else outside the office does
    assert (await logistics.logistics.get(f"/api/v1/duty/swaps/{swap['id']}", headers=LIU)).status_code == 200
    other = caller("xiao-chen")
    assert_problem(await logistics.logistics.get(f"/api/v1/duty/swaps/{swap['id']}", headers=other), 404)
    assert (await logistics.logistics.get("/api/v1/duty/swaps", headers=other)).json()["items"] == []

    assert_problem(await post(logistics, f"/duty/swaps/{swap['id']}/approve", {}, STAFF), 403)
    approved = await created(logistics, f"/duty/swaps/{swap['id']}/approve", {}, LEADER)
    assert approved["status"] == "approved" and approved["decided_by"] == "lao-wang"
    day = shift_of(await roster_of(logistics, published["id"]), "2099-10-01")
    assert (day["id"], day["person"], day["name"]) == (shift["id"], "xiao-liu", "刘洋")
    event = (await tap.wait_for("office.logistics.duty.swap_approved"))[0]["data"]
    assert event["shift_id"] == shift["id"] and event["decided_by"] == "lao-wang"
    today = (
        await logistics.logistics.get("/api/v1/duty/today", params={"on": "2099-10-01"}, headers=STAFF)
    ).json()
    assert [s["person"] for s in today["staff"]] == ["xiao-liu"]

    reminders = await logistics.logistics.get(
        "/api/v1/duty/reminders", params={"roster_id": published["id"], "pending": True}, headers=STAFF
    )
    persons = {r["shift_id"]: r["person"] for r in reminders.json()["items"]}
    assert persons[shift["id"]] == "xiao-liu"
    assert persons[shift_of(published, "2099-10-02")["id"]] == "xiao-liu"
    assert len(persons) == 6  # 3 days x (leader + staff), one reminder each by default

    # decided is decided
    assert_problem(await post(logistics, f"/duty/swaps/{swap['id']}/approve", {}, LEADER), 409)
    assert_problem(await post(logistics, f"/duty/swaps/{swap['id']}/reject", {"reason": "不行"}, LEADER), 409)
    # the shift is xiao-liu's now, not xiao-zhang's to ask about; and xiao-zhang, on no other day,
    # is off the roster: there is nobody to swap back with
    back = {"shift": shift["id"], "with_person": "xiao-zhang", "reason": "换回"}
    assert_problem(await post(logistics, "/duty/swaps", back, ZHANG), 403)
    assert_problem(await post(logistics, "/duty/swaps", back, LIU), 422, "with_person")


async def test_a_rejected_swap_leaves_the_roster_as_it_was(logistics: Any, tap: Tap) -> None:
    published = await created(logistics, "/duty/rosters", FUTURE)
    shift = shift_of(published, "2099-10-02", "leader")
    body = {
        "shift": shift["id"],
        "with_person": "lao-wang",
        "reason": "出差",
        "at": "2026-01-05T09:00:00+08:00",
    }
    swap = await created(logistics, "/duty/swaps", body)  # office staff for lao-li, backdated
    assert datetime.fromisoformat(swap["requested_at"]) == datetime(2026, 1, 5, 1, tzinfo=UTC)
    assert swap["requested_by"] == "alice"
    assert_problem(await post(logistics, "/duty/swaps", {**body, "at": None}), 409)  # one pending per shift
    assert_problem(await post(logistics, f"/duty/swaps/{swap['id']}/reject", {}, LEADER), 422, "reason")
    assert_problem(await post(logistics, f"/duty/swaps/{swap['id']}/reject", {"reason": "不行"}, STAFF), 403)
    early = {"reason": "不行", "at": "2026-01-04T09:00:00+08:00"}
    assert_problem(
        await post(logistics, f"/duty/swaps/{swap['id']}/reject", early, LEADER), 422
    )  # an office account may backdate (shared/business_time.py), but not before the request
    rejected = await created(
        logistics, f"/duty/swaps/{swap['id']}/reject", {"reason": "已安排，不宜调整"}, LEADER
    )
    assert rejected["status"] == "rejected" and rejected["rejection_reason"] == "已安排，不宜调整"
    assert shift_of(await roster_of(logistics, published["id"]), "2099-10-02", "leader")["person"] == "lao-li"
    event = (await tap.wait_for("office.logistics.duty.swap_rejected"))[0]["data"]
    assert event["rejection_reason"] == "已安排，不宜调整" and event["from_person"] == "lao-li"
    assert_problem(await post(logistics, f"/duty/swaps/{swap['id']}/approve", {}, LEADER), 409)
    assert_problem(await post(logistics, f"/duty/swaps/{swap['id']}/reject", {"reason": "x"}, LEADER), 409)
    listed = await logistics.logistics.get(
        "/api/v1/duty/swaps", params={"status": "rejected"}, headers=LEADER
    )
    assert [s["id"] for s in listed.json()["items"]] == [swap["id"]]


async def test_a_bad_swap_is_422_naming_the_field_and_stores_nothing(logistics: Any) -> None:
    published = await created(logistics, "/duty/rosters", FUTURE)
    before = await outbox_size(logistics)
    zhang = shift_of(published, "2099-10-01")["id"]
    leader = shift_of(published, "2099-10-01", "leader")["id"]
    cases = [
        ({"shift": "nosuch", "with_person": "xiao-liu", "reason": "r"}, "shift"),
        ({"shift": zhang, "with_person": "nobody", "reason": "r"}, "with_person"),  # not on the roster
        ({"shift": zhang, "with_person": "xiao-zhang", "reason": "r"}, "with_person"),  # oneself
        ({"shift": zhang, "with_person": "lao-li", "reason": "r"}, "with_person"),  # a leader, not staff
        ({"shift": leader, "with_person": "xiao-liu", "reason": "r"}, "with_person"),  # staff for a leader
        ({"shift": zhang, "with_person": "xiao-liu"}, "reason"),
        ({"shift": zhang, "with_person": "", "reason": "r"}, "with_person"),
        ({"shift": zhang, "with_person": "xiao-liu", "reason": "r", "at": "yesterday"}, "at"),
    ]
    for body, field in cases:
        assert_problem(await post(logistics, "/duty/swaps", body), 422, field)
    # xiao-liu is on duty 10-02 and xiao-chen 10-03: neither can be handed the other's day twice
    liu = shift_of(published, "2099-10-02")["id"]
    assert (
        await post(logistics, "/duty/swaps", {"shift": liu, "with_person": "xiao-chen", "reason": "r"})
    ).status_code == 201
    not_theirs = {"shift": zhang, "with_person": "xiao-liu", "reason": "r"}
    assert_problem(await post(logistics, "/duty/swaps", not_theirs, LIU), 403)
    assert_problem(await logistics.logistics.post("/api/v1/duty/swaps", json={"shift": zhang}), 401)
    missing = assert_problem(await post(logistics, "/duty/swaps/nosuch/approve", {}, LEADER), 404)
    assert missing["detail"].startswith("换班申请 nosuch 不存在或无权查看")
    listed = await logistics.logistics.get("/api/v1/duty/swaps", headers=STAFF)
    assert len(listed.json()["items"]) == 1
    assert await outbox_size(logistics) == before + 1


async def test_a_shift_that_has_started_cannot_be_swapped(logistics: Any) -> None:
    published = await created(logistics, "/duty/rosters", roster("2022-10-01", 3))
    body = {"shift": shift_of(published, "2022-10-01")["id"], "with_person": "xiao-liu", "reason": "r"}
    assert_problem(await post(logistics, "/duty/swaps", body), 409)
    backdated = {**body, "at": "2022-09-28T10:00:00+08:00"}  # staff record a swap decided back then
    assert (await post(logistics, "/duty/swaps", backdated)).status_code == 201
