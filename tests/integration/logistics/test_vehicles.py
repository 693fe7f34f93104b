"""公务用车: a vehicle is never booked twice for overlapping times, even by concurrent requests."""

import asyncio
from datetime import datetime
from typing import Any

import pytest

from tests.integration.logistics.conftest import (
    LEADER,
    NANNING,
    STAFF,
    Tap,
    assert_problem,
    created,
    outbox_size,
    post,
)
from tests.support import token


async def a_vehicle(stack: Any, plate: str = "桂A12345", **fields: Any) -> dict[str, Any]:
    body = {"plate": plate, "model": "大众帕萨特", "seats": 5, "odometer_km": 10000, **fields}
    return await created(stack, "/vehicles", body)  # type: ignore[no-any-return]


async def a_driver(stack: Any, name: str = "李师傅") -> dict[str, Any]:
    return await created(stack, "/drivers", {"name": name, "phone": "13800000000"})  # type: ignore[no-any-return]


def trip(vehicle: dict[str, Any], **fields: Any) -> dict[str, Any]:
    body = {
        "vehicle_id": vehicle["id"],
        "purpose": "赴南宁市局开展安全检查",
        "destination": "南宁市",
        "passengers": 3,
        "start": "2022-04-01T08:00:00+08:00",
        "end": "2022-04-01T18:00:00+08:00",
    }
    return {**body, **fields}


async def test_a_trip_is_requested_approved_and_returned_with_its_mileage(logistics: Any, tap: Tap) -> None:
    vehicle = await a_vehicle(logistics)
    driver = await a_driver(logistics)
    requested = await created(logistics, "/trips", trip(vehicle, unit="NNCB"), NANNING)
    assert requested["status"] == "requested"
    assert requested["unit"] == "NNCB"
    approved = await created(
        logistics, f"/trips/{requested['id']}/approve", {"driver_id": driver["id"]}, LEADER
    )
    assert (approved["status"], approved["driver_id"]) == ("approved", driver["id"])
    body: dict[str, Any] = {"odometer_km": 10126, "at": "2022-04-01T18:30:00+08:00"}
    returned = await created(logistics, f"/trips/{requested['id']}/return", body)
    assert returned["status"] == "completed"
    assert returned["mileage_km"] == 126
    car = (await logistics.logistics.get(f"/api/v1/vehicles/{vehicle['id']}", headers=STAFF)).json()
    assert car["odometer_km"] == 10126

    done = (await tap.wait_for("office.logistics.trip.completed"))[0]
    assert done["unit"] == "NNCB"
    assert done["subject"] == requested["id"]
    assert done["data"]["mileage_km"] == 126
    assert datetime.fromisoformat(done["data"]["at"]) == datetime.fromisoformat(body["at"])
    for action in ("requested", "approved"):
        assert len(await tap.wait_for(f"office.logistics.trip.{action}")) == 1


@pytest.mark.parametrize("overlap", [("08:00", "18:00"), ("17:00", "20:00"), ("06:00", "09:00")])
async def test_an_overlapping_request_for_a_booked_vehicle_is_409(logistics: Any, overlap: Any) -> None:
    vehicle = await a_vehicle(logistics)
    await created(logistics, "/trips", trip(vehicle))
    start, end = overlap
    clash = trip(vehicle, start=f"2022-04-01T{start}:00+08:00", end=f"2022-04-01T{end}:00+08:00")
    assert_problem(await post(logistics, "/trips", clash), 409)
    after = trip(vehicle, start="2022-04-01T18:00:00+08:00", end="2022-04-01T20:00:00+08:00")
    assert (await post(logistics, "/trips", after)).status_code == 201  # touching is not overlapping


async def test_concurrent_requests_for_one_vehicle_one_wins_the_other_is_409(logistics: Any) -> None:
    vehicle = await a_vehicle(logistics)
    answers = await asyncio.gather(*(post(logistics, "/trips", trip(vehicle)) for _ in range(4)))
    assert sorted(a.status_code for a in answers) == [201, 409, 409, 409]
    listed = (await logistics.logistics.get("/api/v1/trips", headers=STAFF)).json()["items"]
    assert len(listed) == 1


async def test_concurrent_requests_for_one_driver_on_two_vehicles_one_wins(logistics: Any) -> None:
    first, second = await a_vehicle(logistics, "桂A11111"), await a_vehicle(logistics, "桂A22222")
    driver = await a_driver(logistics)
    answers = await asyncio.gather(
        post(logistics, "/trips", trip(first, driver_id=driver["id"])),
        post(logistics, "/trips", trip(second, driver_id=driver["id"])),
    )
    assert sorted(a.status_code for a in answers) == [201, 409]


async def test_a_rejected_or_cancelled_booking_frees_the_vehicle(logistics: Any) -> None:
    vehicle = await a_vehicle(logistics)
    first = await created(logistics, "/trips", trip(vehicle))
    rejected = await created(logistics, f"/trips/{first['id']}/reject", {"reason": "当日车辆保养"}, LEADER)
    assert rejected["status"] == "rejected"
    second = await created(logistics, "/trips", trip(vehicle))
    assert (await created(logistics, f"/trips/{second['id']}/cancel", {}))["status"] == "cancelled"
    assert (await post(logistics, "/trips", trip(vehicle))).status_code == 201


async def test_transitions_from_the_wrong_state_are_409(logistics: Any) -> None:
    vehicle = await a_vehicle(logistics)
    driver = await a_driver(logistics)
    requested = await created(logistics, "/trips", trip(vehicle))
    trip_id = requested["id"]
    assert_problem(await post(logistics, f"/trips/{trip_id}/return", {"odometer_km": 10100}), 409)
    await created(logistics, f"/trips/{trip_id}/approve", {"driver_id": driver["id"]}, LEADER)
    assert_problem(await post(logistics, f"/trips/{trip_id}/approve", {}, LEADER), 409)
    assert_problem(await post(logistics, f"/trips/{trip_id}/reject", {"reason": "x"}, LEADER), 409)
    await created(logistics, f"/trips/{trip_id}/return", {"odometer_km": 10100})
    assert_problem(await post(logistics, f"/trips/{trip_id}/cancel", {}), 409)


async def test_approval_needs_a_driver_and_an_odometer_cannot_run_back(logistics: Any) -> None:
    vehicle = await a_vehicle(logistics)
    requested = await created(logistics, "/trips", trip(vehicle))
    assert_problem(await post(logistics, f"/trips/{requested['id']}/approve", {}, LEADER), 422, "driver_id")
    driver = await a_driver(logistics)
    await created(logistics, f"/trips/{requested['id']}/approve", {"driver_id": driver["id"]}, LEADER)
    answer = await post(logistics, f"/trips/{requested['id']}/return", {"odometer_km": 9999})
    assert_problem(answer, 422, "odometer_km")


BAD_TRIPS = [
    ("purpose", ""),
    ("purpose", "事" * 201),
    ("passengers", 0),
    ("passengers", 6),  # more than the seats
    ("start", "2022-04-01T08:00:00"),  # no offset
    ("end", "2022-04-01T07:00:00+08:00"),  # before the start
    ("unit", "XXCB"),
    ("vehicle_id", "no-such-vehicle"),
    ("driver_id", "no-such-driver"),
    ("at", "2999-01-01T00:00:00+08:00"),
    ("surprise", 1),
]


@pytest.mark.parametrize(("field", "value"), BAD_TRIPS)
async def test_a_bad_request_names_the_field_and_stores_nothing(
    logistics: Any, field: str, value: Any
) -> None:
    vehicle = await a_vehicle(logistics)
    before = await outbox_size(logistics)
    problem = assert_problem(await post(logistics, "/trips", trip(vehicle, **{field: value})), 422)
    assert field in problem["detail"] or field in [e["field"] for e in problem["errors"]], problem
    assert (await logistics.logistics.get("/api/v1/trips", headers=STAFF)).json()["items"] == []
    assert await outbox_size(logistics) == before


async def test_a_plate_is_registered_once(logistics: Any) -> None:
    await a_vehicle(logistics)
    assert_problem(await post(logistics, "/vehicles", {"plate": "桂A12345", "model": "x", "seats": 5}), 409)


async def test_without_a_token_it_is_401_and_a_unit_cannot_book_for_another(logistics: Any) -> None:
    vehicle = await a_vehicle(logistics)
    answer = await logistics.logistics.post("/api/v1/trips", json=trip(vehicle))
    assert_problem(answer, 401)
    assert answer.headers["www-authenticate"] == "Bearer"
    assert_problem(await post(logistics, "/trips", trip(vehicle, unit="LZCB"), NANNING), 403)
    assert_problem(
        await post(logistics, "/vehicles", {"plate": "桂B12345", "model": "x", "seats": 5}, NANNING), 403
    )
    ours = await created(logistics, "/trips", trip(vehicle), NANNING)
    assert_problem(await post(logistics, f"/trips/{ours['id']}/approve", {}, NANNING), 403)
    other_unit = token(sub="lz", unit="LZCB", roles=("liaison",))
    hidden = await logistics.logistics.get(f"/api/v1/trips/{ours['id']}", headers=other_unit)
    assert_problem(hidden, 404)


async def test_a_unit_cannot_backdate_but_staff_can(logistics: Any) -> None:
    vehicle = await a_vehicle(logistics)
    past = trip(vehicle, at="2022-03-30T09:00:00+08:00")
    assert_problem(await post(logistics, "/trips", past, NANNING), 403)
    booked = await created(logistics, "/trips", past)
    assert datetime.fromisoformat(booked["requested_at"]) == datetime.fromisoformat(past["at"])


async def test_trips_page_with_a_cursor(logistics: Any) -> None:
    vehicle = await a_vehicle(logistics)
    ids = []
    for day in range(1, 6):
        body = trip(vehicle, start=f"2022-05-0{day}T08:00:00+08:00", end=f"2022-05-0{day}T10:00:00+08:00")
        ids.append((await created(logistics, "/trips", body))["id"])
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = (await logistics.logistics.get("/api/v1/trips", params=params, headers=STAFF)).json()
        seen += [t["id"] for t in page["items"]]
        if (cursor := page["next_cursor"]) is None:
            break
    assert seen == ids


async def test_whoever_requested_a_trip_cannot_approve_it(logistics: Any) -> None:
    vehicle, driver = await a_vehicle(logistics), await a_driver(logistics)
    requested = await created(logistics, "/trips", trip(vehicle), LEADER)
    answer = await post(logistics, f"/trips/{requested['id']}/approve", {"driver_id": driver["id"]}, LEADER)
    problem = assert_problem(answer, 409)
    assert "用车申请人不能审批本人的用车申请" in problem["detail"] and problem["rule"] == "requester-approves"
    other = token(sub="lao-li", unit="GO", roles=("leader",))
    approved = await created(
        logistics, f"/trips/{requested['id']}/approve", {"driver_id": driver["id"]}, other
    )
    assert (approved["status"], approved["decided_by"]) == ("approved", "lao-li")


async def test_a_one_person_office_may_approve_its_own_trip(start_stack: Any) -> None:
    async with start_stack("logistics", separation_of_duties=False) as stack:
        vehicle, driver = await a_vehicle(stack), await a_driver(stack)
        requested = await created(stack, "/trips", trip(vehicle), LEADER)
        approved = await created(
            stack, f"/trips/{requested['id']}/approve", {"driver_id": driver["id"]}, LEADER
        )
        assert approved["status"] == "approved"
