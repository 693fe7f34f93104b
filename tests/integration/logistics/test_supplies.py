"""办公用品: stock never goes below zero, even when units requisition the last items at once."""

import asyncio
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


async def an_item(stack: Any, stock: int = 0, threshold: int = 2) -> dict[str, Any]:
    item = await created(
        stack, "/supplies", {"name": "A4复印纸", "measure": "包", "low_stock_threshold": threshold}
    )
    if stock:
        await created(stack, f"/supplies/{item['id']}/purchases", {"quantity": stock, "unit_price": "23.50"})
    return item  # type: ignore[no-any-return]


async def stock_of(stack: Any, item: dict[str, Any]) -> int:
    return int((await stack.logistics.get(f"/api/v1/supplies/{item['id']}", headers=STAFF)).json()["stock"])


async def test_purchases_come_in_and_requisitions_go_out_by_unit(logistics: Any, tap: Tap) -> None:
    item = await an_item(logistics)
    bought = await created(
        logistics,
        f"/supplies/{item['id']}/purchases",
        {"quantity": 10, "unit_price": "23.50", "supplier": "文具店"},
    )
    assert bought["stock_after"] == 10
    taken = await created(logistics, f"/supplies/{item['id']}/requisitions", {"quantity": 3}, NANNING)
    assert (taken["unit"], taken["stock_after"]) == ("NNCB", 7)
    assert await stock_of(logistics, item) == 7
    purchased = (await tap.wait_for("office.logistics.supply.purchased"))[0]["data"]
    assert (purchased["quantity"], purchased["amount"]) == (10, "235.00")
    requisitioned = (await tap.wait_for("office.logistics.supply.requisitioned"))[0]
    assert requisitioned["unit"] == "NNCB"
    assert requisitioned["data"]["quantity"] == 3
    ours = await logistics.logistics.get("/api/v1/supplies/movements", headers=NANNING)
    assert [m["kind"] for m in ours.json()["items"]] == ["requisition"]


async def test_concurrent_requisitions_of_the_last_items_never_go_below_zero(logistics: Any) -> None:
    item = await an_item(logistics, stock=5)
    answers = await asyncio.gather(
        *(post(logistics, f"/supplies/{item['id']}/requisitions", {"quantity": 2}) for _ in range(6))
    )
    codes = sorted(a.status_code for a in answers)
    assert codes == [201, 201, 409, 409, 409, 409]
    assert await stock_of(logistics, item) == 1
    last = await asyncio.gather(
        *(post(logistics, f"/supplies/{item['id']}/requisitions", {"quantity": 1}) for _ in range(3))
    )
    assert sorted(a.status_code for a in last) == [201, 409, 409]
    assert await stock_of(logistics, item) == 0


async def test_falling_to_the_threshold_raises_one_alert_until_restocked(logistics: Any, tap: Tap) -> None:
    item = await an_item(logistics, stock=5, threshold=2)
    for _ in range(3):
        await created(logistics, f"/supplies/{item['id']}/requisitions", {"quantity": 1})
    await created(logistics, f"/supplies/{item['id']}/requisitions", {"quantity": 1})
    alerts = await tap.wait_for("office.logistics.supply.stock_low")
    assert [a["data"]["stock"] for a in alerts] == [2]
    low = (await logistics.logistics.get("/api/v1/supplies", params={"low": "true"}, headers=STAFF)).json()
    assert [i["id"] for i in low["items"]] == [item["id"]]
    await created(logistics, f"/supplies/{item['id']}/purchases", {"quantity": 10, "unit_price": "20"})
    for _ in range(10):
        await created(logistics, f"/supplies/{item['id']}/requisitions", {"quantity": 1})
    assert len(await tap.wait_for("office.logistics.supply.stock_low", 2)) == 2


async def test_a_requisition_beyond_the_stock_is_409_and_changes_nothing(logistics: Any) -> None:
    item = await an_item(logistics, stock=1)
    before = await outbox_size(logistics)
    problem = assert_problem(
        await post(logistics, f"/supplies/{item['id']}/requisitions", {"quantity": 2}), 409
    )
    assert "库存不足" in problem["detail"]
    assert await stock_of(logistics, item) == 1
    assert await outbox_size(logistics) == before


async def test_bad_supply_input_is_422_naming_the_field(logistics: Any) -> None:
    item = await an_item(logistics, stock=3)
    before = await outbox_size(logistics)
    path = f"/supplies/{item['id']}"
    assert_problem(await post(logistics, f"{path}/requisitions", {"quantity": 0}), 422, "quantity")
    assert_problem(
        await post(logistics, f"{path}/requisitions", {"quantity": 1, "unit": "XXCB"}), 422, "unit"
    )
    assert_problem(
        await post(logistics, f"{path}/purchases", {"quantity": 1, "unit_price": "-1"}), 422, "unit_price"
    )
    assert_problem(await post(logistics, f"{path}/purchases", {"quantity": 1}), 422, "unit_price")
    assert_problem(await post(logistics, "/supplies", {"name": ""}), 422, "name")
    assert await stock_of(logistics, item) == 3
    assert await outbox_size(logistics) == before


async def test_who_may_do_what_with_supplies(logistics: Any) -> None:
    item = await an_item(logistics, stock=3)
    assert_problem(
        await logistics.logistics.post(f"/api/v1/supplies/{item['id']}/requisitions", json={"quantity": 1}),
        401,
    )
    assert_problem(
        await post(
            logistics, f"/supplies/{item['id']}/purchases", {"quantity": 1, "unit_price": "1"}, NANNING
        ),
        403,
    )
    answer = await post(
        logistics, f"/supplies/{item['id']}/requisitions", {"quantity": 1, "unit": "LZCB"}, NANNING
    )
    assert_problem(answer, 403)
    assert_problem(await post(logistics, "/supplies/nope/requisitions", {"quantity": 1}), 404)
    assert_problem(await post(logistics, "/supplies", {"name": "A4复印纸"}), 409)
