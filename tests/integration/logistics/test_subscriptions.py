"""报刊征订: a unit's subscriptions for a year, with their cost."""

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


def subscription(**fields: Any) -> dict[str, Any]:
    return {"year": 2022, "title": "人民日报", "copies": 3, "unit_price": "498.00", **fields}


async def test_a_subscription_is_placed_with_its_cost(logistics: Any, tap: Tap) -> None:
    placed = await created(logistics, "/subscriptions", subscription(unit="NNCB"), NANNING)
    assert (placed["unit"], placed["cost"]) == ("NNCB", "1494.00")
    event = (await tap.wait_for("office.logistics.subscription.placed"))[0]
    assert (event["unit"], event["data"]["year"], event["data"]["copies"]) == ("NNCB", 2022, 3)
    listed = await logistics.logistics.get("/api/v1/subscriptions", params={"year": 2022}, headers=STAFF)
    assert [s["id"] for s in listed.json()["items"]] == [placed["id"]]


async def test_bad_subscriptions_and_callers(logistics: Any) -> None:
    for field, value in [("year", 1899), ("copies", 0), ("title", ""), ("unit_price", "abc")]:
        assert_problem(await post(logistics, "/subscriptions", subscription(**{field: value})), 422, field)
    assert_problem(await post(logistics, "/subscriptions", subscription(unit="LZCB"), NANNING), 403)
    assert_problem(await logistics.logistics.post("/api/v1/subscriptions", json=subscription()), 401)
    assert await outbox_size(logistics) == 0
