"""Records that must not double: a roster for days a roster covers, a title a unit already
subscribed to for the year, a requisition back-dated before the purchase that stocked it."""

from typing import Any

from tests.integration.logistics.conftest import NANNING, STAFF, assert_problem, created, outbox_size, post
from tests.integration.logistics_duty.conftest import roster

PAPER = {"name": "A4复印纸", "measure": "包", "low_stock_threshold": 0}


def subscription(**fields: Any) -> dict[str, Any]:
    return {"year": 2022, "title": "人民日报", "copies": 3, "unit_price": "498.00", **fields}


async def test_a_roster_for_days_already_covered_is_409_and_sends_no_second_reminder(logistics: Any) -> None:
    await created(logistics, "/duty/rosters", roster("2022-10-01", 7))
    events = await outbox_size(logistics)
    for again in (roster("2022-10-01", 7), roster("2022-10-05", 3)):
        problem = assert_problem(await post(logistics, "/duty/rosters", again), 409)
        assert "2022年10月1日至2022年10月7日已有值班表" in problem["detail"]
    assert await outbox_size(logistics) == events
    reminders = await logistics.logistics.get("/api/v1/duty/reminders", headers=STAFF)
    assert len(reminders.json()["items"]) == 7 * 2  # a leader and one staff a day, reminded once


async def test_a_title_subscribed_twice_for_a_year_and_unit_is_409(logistics: Any) -> None:
    await created(logistics, "/subscriptions", subscription(unit="NNCB"), NANNING)
    assert_problem(await post(logistics, "/subscriptions", subscription(unit="NNCB", copies=3), NANNING), 409)
    await created(logistics, "/subscriptions", subscription(unit="NNCB", year=2023), NANNING)
    await created(logistics, "/subscriptions", subscription(unit="GO"))
    listed = await logistics.logistics.get("/api/v1/subscriptions", params={"year": 2022}, headers=STAFF)
    assert sorted(s["unit"] for s in listed.json()["items"]) == ["GO", "NNCB"]


async def test_a_requisition_before_the_purchase_that_stocked_it_is_409(logistics: Any) -> None:
    item = await created(logistics, "/supplies", PAPER)
    bought = {"quantity": 5, "unit_price": "23.50", "at": "2022-03-10T09:00:00+08:00"}
    await created(logistics, f"/supplies/{item['id']}/purchases", bought)
    early = {"quantity": 2, "at": "2022-03-01T09:00:00+08:00"}
    assert_problem(await post(logistics, f"/supplies/{item['id']}/requisitions", early), 409)
    later = {"quantity": 4, "at": "2022-03-12T09:00:00+08:00"}
    await created(logistics, f"/supplies/{item['id']}/requisitions", later)
    # 2 on the 11th would leave the 12th's requisition of 4 with only 3
    squeezed = {"quantity": 2, "at": "2022-03-11T09:00:00+08:00"}
    assert_problem(await post(logistics, f"/supplies/{item['id']}/requisitions", squeezed), 409)
    await created(logistics, f"/supplies/{item['id']}/requisitions", {**squeezed, "quantity": 1})
    stock = await logistics.logistics.get(f"/api/v1/supplies/{item['id']}", headers=STAFF)
    assert stock.json()["stock"] == 0
