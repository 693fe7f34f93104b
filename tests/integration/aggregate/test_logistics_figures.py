"""Logistics figures (后勤) from the logistics service's events, in the year they belong to."""

from typing import Any

from tests.integration.logistics.conftest import LEADER, created
from tests.integration.logistics.test_maintenance import ticket
from tests.integration.logistics.test_reception import reception
from tests.integration.logistics.test_vehicles import a_driver, a_vehicle, trip
from tests.support import eventually, token

STAFF = token()


async def test_receptions_trips_and_tickets_are_counted_for_the_year(start_stack: Any) -> None:
    async with start_stack("logistics", "aggregate") as stack:
        await created(stack, "/receptions", reception(unit="NNCB"))
        await created(stack, "/receptions", reception(start="2021-06-08T09:00:00+08:00"))
        vehicle, driver = await a_vehicle(stack), await a_driver(stack)
        requested = await created(stack, "/trips", trip(vehicle))
        await created(stack, f"/trips/{requested['id']}/approve", {"driver_id": driver["id"]}, LEADER)
        await created(stack, f"/trips/{requested['id']}/return", {"odometer_km": 10120})
        opened = await created(stack, "/maintenance/tickets", ticket())
        path = f"/maintenance/tickets/{opened['id']}"
        await created(stack, f"{path}/start", {"assignee": "张师傅", "at": "2022-07-01T09:30:00+08:00"})
        await created(stack, f"{path}/resolve", {"resolution": "更换阀芯", "at": "2022-07-01T11:15:00+08:00"})
        await created(stack, "/maintenance/tickets", ticket())

        async def logistics() -> dict[str, int]:
            answer = await stack.aggregate.get("/api/v1/stats/2022", headers=STAFF)
            return answer.json()["logistics"]  # type: ignore[no-any-return]

        async def settled() -> bool:
            return (await logistics()).get("tickets.opened") == 2

        await eventually(settled, within=20)
        figures = await logistics()
        assert figures["receptions"] == 1 and figures["reception_guests"] == 6
        assert figures["trips"] == 1 and figures["mileage_km"] == 120
        assert figures["tickets.resolved"] == 1 and figures["tickets.resolve_minutes"] == 135
        report = (await stack.aggregate.get("/api/v1/reports/annual/2022", headers=STAFF)).json()
        paragraph = next(s for s in report["sections"] if s["key"] == "logistics")["paragraphs"][0]
        assert "全年组织公务接待1批次，安排公务用车1车次" in paragraph
        assert "受理报修2件、办结1件" in paragraph
