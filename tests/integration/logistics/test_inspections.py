"""巡检: a plan on a cadence, its results, and a missed weekly inspection reported overdue."""

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


def plan(**fields: Any) -> dict[str, Any]:
    body = {"name": "门户网站周巡检", "target": "门户网站", "cadence": "weekly", "starts_on": "2022-03-07"}
    return {**body, **fields}


async def overdue(stack: Any, as_of: str) -> list[dict[str, Any]]:
    answer = await stack.logistics.get("/api/v1/inspections/overdue", params={"as_of": as_of}, headers=STAFF)
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]  # type: ignore[no-any-return]


async def test_a_missed_weekly_inspection_is_reported_overdue(logistics: Any, tap: Tap) -> None:
    weekly = await created(logistics, "/inspections/plans", plan())
    # Monday 7 March: done in its week. Nothing in the week of 14 March.
    result = await created(
        logistics,
        f"/inspections/plans/{weekly['id']}/results",
        {
            "outcome": "issues",
            "findings": [{"severity": "major", "description": "栏目更新不及时"}],
            "at": "2022-03-08T10:00:00+08:00",
        },
    )
    assert result["period_start"] == "2022-03-07"
    assert await overdue(logistics, "2022-03-13T23:00:00+08:00") == []  # its week is not over
    assert await overdue(logistics, "2022-03-20T23:00:00+08:00") == []  # the next week is not over yet
    [late] = await overdue(logistics, "2022-03-21T08:00:00+08:00")
    assert late["missed_count"] == 1
    assert (late["plan_id"], late["missed_periods"], late["due_since"]) == (
        weekly["id"],
        ["2022-03-14"],
        "2022-03-21",
    )

    scanned = await created(logistics, "/inspections/overdue/scan", {"as_of": "2022-03-29T08:00:00+08:00"})
    assert scanned["recorded"] == 2  # the weeks of 14 and 21 March
    again = await created(logistics, "/inspections/overdue/scan", {"as_of": "2022-03-29T08:00:00+08:00"})
    assert again["recorded"] == 0
    missed = await tap.wait_for("office.logistics.inspection.missed", 2)
    assert [m["data"]["period_start"] for m in missed] == ["2022-03-14", "2022-03-21"]
    assert len(await tap.wait_for("office.logistics.inspection.completed")) == 1


async def test_monthly_quarterly_and_yearly_plans_fall_due_at_their_period_end(logistics: Any) -> None:
    for cadence, name in [("monthly", "月监测"), ("quarterly", "季普查"), ("yearly", "年报告")]:
        await created(
            logistics, "/inspections/plans", plan(cadence=cadence, name=name, starts_on="2022-01-10")
        )

    def names(items: list[dict[str, Any]]) -> list[str]:
        return sorted(i["name"] for i in items)

    assert names(await overdue(logistics, "2022-01-31T12:00:00+08:00")) == []
    assert names(await overdue(logistics, "2022-02-01T08:00:00+08:00")) == ["月监测"]
    assert names(await overdue(logistics, "2022-04-01T08:00:00+08:00")) == ["季普查", "月监测"]
    assert names(await overdue(logistics, "2023-01-01T08:00:00+08:00")) == ["季普查", "年报告", "月监测"]


async def test_bad_inspection_input_and_callers(logistics: Any) -> None:
    for field, value in [("cadence", "daily"), ("starts_on", "1999-12-31"), ("name", ""), ("unit", "XXCB")]:
        assert_problem(await post(logistics, "/inspections/plans", plan(**{field: value})), 422, field)
    assert await outbox_size(logistics) == 0
    assert_problem(await post(logistics, "/inspections/plans", plan(), NANNING), 403)
    weekly = await created(logistics, "/inspections/plans", plan())
    path = f"/inspections/plans/{weekly['id']}/results"
    assert_problem(
        await post(logistics, path, {"outcome": "ok", "at": "2022-03-01T10:00:00+08:00"}), 422, "at"
    )
    assert_problem(await post(logistics, path, {"outcome": "fine"}), 422, "outcome")
    assert_problem(await post(logistics, path, {"outcome": "ok"}, NANNING), 404)  # not theirs to see
    assert_problem(await logistics.logistics.get("/api/v1/inspections/overdue"), 401)
    assert_problem(await post(logistics, "/inspections/overdue/scan", {}, NANNING), 403)
