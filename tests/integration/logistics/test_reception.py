"""公务接待: per-head limits are configuration; an entry over them is refused naming the limit."""

from typing import Any

import pytest

from tests.integration.logistics.conftest import (
    NANNING,
    STAFF,
    Tap,
    assert_problem,
    created,
    outbox_size,
    post,
)


def reception(**fields: Any) -> dict[str, Any]:
    body = {
        "party": "自治区审计厅检查组",
        "purpose": "专项审计",
        "headcount": 6,
        "escorts": 2,
        "start": "2022-06-08T09:00:00+08:00",
        "days": 2,
        "nights": 1,
        "meals_cost": "1600.00",  # 8 people x 2 days: 100 a head a day
        "lodging_cost": "1800.00",  # 6 guests x 1 night: 300 a head a night
    }
    return {**body, **fields}


async def test_a_reception_within_the_limits_is_recorded_and_published(logistics: Any, tap: Tap) -> None:
    recorded = await created(logistics, "/receptions", reception(unit="NNCB"), NANNING)
    assert (recorded["unit"], recorded["headcount"], recorded["meals_cost"]) == ("NNCB", 6, "1600.00")
    event = (await tap.wait_for("office.logistics.reception.recorded"))[0]
    assert event["unit"] == "NNCB"
    assert event["data"]["headcount"] == 6
    listed = await logistics.logistics.get("/api/v1/receptions", params={"year": 2022}, headers=STAFF)
    assert [r["id"] for r in listed.json()["items"]] == [recorded["id"]]
    assert (await logistics.logistics.get("/api/v1/receptions", params={"year": 2021}, headers=STAFF)).json()[
        "items"
    ] == []


@pytest.mark.parametrize(
    ("fields", "field", "limit"),
    [
        ({"meals_cost": "2400.01"}, "meals_cost", "150"),
        ({"lodging_cost": "2280.01"}, "lodging_cost", "380"),
        ({"escorts": 4}, "escorts", "3"),
        ({"headcount": 30, "escorts": 11, "meals_cost": "0"}, "escorts", "10"),
    ],
)
async def test_a_reception_over_a_limit_is_422_naming_the_limit(
    logistics: Any, fields: dict[str, Any], field: str, limit: str
) -> None:
    problem = assert_problem(await post(logistics, "/receptions", reception(**fields)), 422, field)
    assert limit in problem["detail"], problem
    assert await outbox_size(logistics) == 0
    assert (await logistics.logistics.get("/api/v1/receptions", headers=STAFF)).json()["items"] == []


async def test_the_limits_are_configuration(start_stack: Any) -> None:
    async with start_stack("logistics", meal_limit_per_head_per_day="90") as stack:
        limits = (await stack.logistics.get("/api/v1/receptions/limits", headers=STAFF)).json()
        assert limits["meal_limit_per_head_per_day"] == "90"
        problem = assert_problem(await post(stack, "/receptions", reception()), 422, "meals_cost")
        assert "90" in problem["detail"]


async def test_bad_reception_input_and_callers(logistics: Any) -> None:
    assert_problem(await post(logistics, "/receptions", reception(headcount=0)), 422, "headcount")
    assert_problem(await post(logistics, "/receptions", reception(nights=0)), 422, "nights")
    assert_problem(await post(logistics, "/receptions", reception(party="")), 422, "party")
    assert_problem(await post(logistics, "/receptions", reception(unit="LZCB"), NANNING), 403)
    assert_problem(await logistics.logistics.post("/api/v1/receptions", json=reception()), 401)
    assert await outbox_size(logistics) == 0
