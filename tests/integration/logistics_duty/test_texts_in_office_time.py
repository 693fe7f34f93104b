"""The conflicts logistics answers name times as the office reads them: its own clock, in
Chinese (2022年4月1日 08:00), never UTC or ISO 8601."""

from typing import Any

from tests.integration.logistics.conftest import STAFF, assert_problem, created, post
from tests.integration.logistics_duty.conftest import roster, shift_of

UTC_OR_ISO = ("Z", "+00:00", "T0", "T1", "2022-")


def reads_in_office_time(detail: str, expected: str) -> None:
    assert expected in detail, detail
    assert not any(form in detail for form in UTC_OR_ISO), detail


async def test_a_booked_vehicle_is_named_with_its_booking_in_office_time(logistics: Any) -> None:
    body = {"plate": "桂A54321", "model": "大众帕萨特", "seats": 5, "odometer_km": 10000}
    vehicle = await created(logistics, "/vehicles", body)
    trip = {
        "vehicle_id": vehicle["id"],
        "purpose": "赴南宁市局开展安全检查",
        "destination": "南宁市",
        "passengers": 3,
        "start": "2022-04-01T00:00:00Z",
        "end": "2022-04-01T10:00:00Z",
    }
    await created(logistics, "/trips", trip)
    clash = await post(logistics, "/trips", {**trip, "start": "2022-04-01T09:00:00+08:00"})
    reads_in_office_time(assert_problem(clash, 409)["detail"], "2022年4月1日 08:00至18:00")


async def test_a_started_shift_and_a_day_given_twice_are_named_in_office_time(logistics: Any) -> None:
    published = await created(logistics, "/duty/rosters", roster("2022-10-01", 3))
    shift = shift_of(published, "2022-10-01")
    late = {
        "shift": shift["id"],
        "with_person": "xiao-liu",
        "reason": "家中有事",
        "at": "2022-10-01T02:00:00Z",
    }
    started = assert_problem(await post(logistics, "/duty/swaps", late, STAFF), 409)
    reads_in_office_time(started["detail"], "该班次已于2022年10月1日 08:00开始")

    twice = roster("2023-01-21", 2)
    twice["days"][1]["date"] = "2023-01-21"
    problem = assert_problem(await post(logistics, "/duty/rosters", twice), 422, "days[1].date")
    assert "2023年1月21日重复安排" in problem["detail"], problem
