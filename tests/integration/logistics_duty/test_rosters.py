"""A holiday duty roster is published as a whole and read by anyone: by roster and by date."""

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
from tests.integration.logistics_duty.conftest import roster, shift_of


async def test_a_national_day_roster_is_published_and_read_by_roster_and_by_date(
    logistics: Any, tap: Tap
) -> None:
    published = await created(logistics, "/duty/rosters", roster("2022-10-01", 7))
    assert published["holiday"] == "国庆节"
    assert published["name"] == "2022年国庆节值班表"
    assert [d["date"] for d in published["days"]] == [f"2022-10-0{n}" for n in range(1, 8)]
    first = published["days"][0]
    assert first["leader"]["person"] == "lao-wang" and first["staff"][0]["person"] == "xiao-zhang"
    assert first["leader"]["phone"] == "0771-2800000" and first["staff"][0]["unit"] == "GO"
    assert first["leader"]["starts_at"] == "2022-10-01T08:00:00+08:00"  # office time, as every answer
    assert first["leader"]["ends_at"] == "2022-10-02T08:00:00+08:00"

    event = (await tap.wait_for("office.logistics.duty.published"))[0]
    assert event["subject"] == published["id"] and event["unit"] == "GO"
    assert event["data"]["holiday"] == "国庆节" and len(event["data"]["days"]) == 7
    assert event["data"]["days"][2]["leader"]["shift_id"] == shift_of(published, "2022-10-03", "leader")["id"]
    assert sorted(event["data"]["people"]) == ["lao-li", "lao-wang", "xiao-chen", "xiao-liu", "xiao-zhang"]

    # a unit's liaison sees the roster and who is on duty
    again = await logistics.logistics.get(f"/api/v1/duty/rosters/{published['id']}", headers=NANNING)
    assert again.status_code == 200 and again.json() == published
    today = (
        await logistics.logistics.get("/api/v1/duty/today", params={"on": "2022-10-03"}, headers=NANNING)
    ).json()
    assert today["on"] == "2022-10-03"
    assert [s["person"] for s in today["leaders"]] == ["lao-wang"]
    assert [s["person"] for s in today["staff"]] == ["xiao-chen"]
    nobody = (
        await logistics.logistics.get("/api/v1/duty/today", params={"on": "2022-10-08"}, headers=STAFF)
    ).json()
    assert nobody["leaders"] == [] and nobody["staff"] == []
    assert (await logistics.logistics.get("/api/v1/duty/today", headers=STAFF)).status_code == 200

    # mid-autumn and national day together; the list is paged
    await created(logistics, "/duty/rosters", roster("2023-09-29", 8))
    page = (
        await logistics.logistics.get("/api/v1/duty/rosters", params={"limit": 1}, headers=NANNING)
    ).json()
    assert len(page["items"]) == 1 and page["next_cursor"]
    rest = await logistics.logistics.get(
        "/api/v1/duty/rosters", params={"limit": 1, "cursor": page["next_cursor"]}, headers=NANNING
    )
    assert rest.json()["items"][0]["holiday"] == "中秋节、国庆节" and rest.json()["next_cursor"] is None
    by_year = await logistics.logistics.get("/api/v1/duty/rosters", params={"year": 2022}, headers=STAFF)
    assert [r["id"] for r in by_year.json()["items"]] == [published["id"]]


async def test_a_roster_needs_a_token_and_office_staff_and_a_known_roster(logistics: Any) -> None:
    assert_problem(await logistics.logistics.post("/api/v1/duty/rosters", json=roster()), 401)
    assert_problem(await logistics.logistics.get("/api/v1/duty/today"), 401)
    assert_problem(await post(logistics, "/duty/rosters", roster(), NANNING), 403)
    assert_problem(await logistics.logistics.get("/api/v1/duty/rosters/nope", headers=STAFF), 404)
    assert_problem(await logistics.logistics.get("/api/v1/duty/reminders", headers=NANNING), 403)
    assert await outbox_size(logistics) == 0


async def test_a_bad_roster_is_422_naming_the_field_and_stores_nothing(logistics: Any) -> None:
    def without_day(body: dict[str, Any], n: int) -> dict[str, Any]:
        body["days"].pop(n)
        return body

    def twice(body: dict[str, Any]) -> dict[str, Any]:
        body["days"][0]["staff"] = [body["days"][0]["leader"]]
        return body

    def unit(body: dict[str, Any]) -> dict[str, Any]:
        body["days"][1]["leader"]["unit"] = "NOSUCH"
        return body

    def outside(body: dict[str, Any]) -> dict[str, Any]:
        body["days"][0]["date"] = "2022-09-30"
        return body

    def repeated(body: dict[str, Any]) -> dict[str, Any]:
        body["days"][1]["date"] = body["days"][0]["date"]
        return body

    cases = [
        (without_day(roster(), 3), "days"),
        (roster("2022-10-01", 8), "end"),  # 10-08 was a working Saturday (调休)
        (roster("2022-09-30", 2), "start"),
        ({**roster(), "end": "2022-09-30"}, "end"),
        ({**roster(), "end": "2022-11-05"}, "end"),
        (roster("2022-10-01", 32), "days"),
        (twice(roster()), "days[0].staff[0].person"),
        (unit(roster()), "days[1].leader.unit"),
        (outside(roster()), "days[0].date"),
        (repeated(roster()), "days[1].date"),
        ({**roster(), "unit": "NOSUCH"}, "unit"),
        ({**roster(), "days": []}, "days"),
        ({**roster(), "colour": "red"}, "colour"),
        ({**roster(), "at": "2999-01-01T00:00:00+08:00"}, "at"),
    ]
    for body, field in cases:
        assert_problem(await post(logistics, "/duty/rosters", body), 422, field)
    staffless = roster()
    staffless["days"][0]["staff"] = []
    assert_problem(await post(logistics, "/duty/rosters", staffless), 422, "days.0.staff")
    listed = await logistics.logistics.get("/api/v1/duty/rosters", headers=STAFF)
    assert listed.json()["items"] == []
    assert await outbox_size(logistics) == 0
    assert (
        await post(logistics, "/duty/rosters", roster("2099-10-01", 3, holiday="国庆节"))
    ).status_code == 201
