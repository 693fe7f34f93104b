"""Yearly targets split by month, completion against them, and party information."""

from typing import Any

from tests.integration.infoscore.helpers import RULES_2022, STAFF, adopt, ranking, set_rules, submit


def month(m: int, submissions: int, adoptions: int, points: int) -> dict[str, int]:
    return {"month": m, "submissions": submissions, "adoptions": adoptions, "points": points}


async def test_a_target_is_split_evenly_the_remainder_first(infoscore: Any) -> None:
    body = {"submissions": 26, "adoptions": 12, "points": 120, "party": 5}
    answer = await infoscore.infoscore.put("/api/v1/targets/2022/FIN", json=body, headers=STAFF)
    assert answer.status_code == 200, answer.text
    months = answer.json()["months"]
    assert [m["submissions"] for m in months] == [3, 3] + [2] * 10
    assert {m["adoptions"] for m in months} == {1}
    assert sum(m["points"] for m in months) == 120


async def test_a_target_given_month_by_month_must_add_up(infoscore: Any) -> None:
    months = [month(m, 2, 1, 10) for m in range(1, 13)]
    good = {"submissions": 24, "adoptions": 12, "points": 120, "months": months}
    assert (
        await infoscore.infoscore.put("/api/v1/targets/2022/SCI", json=good, headers=STAFF)
    ).status_code == 200
    bad = {**good, "points": 121}
    answer = await infoscore.infoscore.put("/api/v1/targets/2022/SCI", json=bad, headers=STAFF)
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["months"]
    twice = {**good, "months": [month(1, 2, 1, 10)] * 12}
    assert (
        await infoscore.infoscore.put("/api/v1/targets/2022/SCI", json=twice, headers=STAFF)
    ).status_code == 422
    stored = await infoscore.infoscore.get("/api/v1/targets/2022/SCI", headers=STAFF)
    assert stored.json()["points"] == 120
    unknown = await infoscore.infoscore.put("/api/v1/targets/2022/XXCB", json=good, headers=STAFF)
    assert [e["field"] for e in unknown.json()["errors"]] == ["unit"]


async def test_completion_is_measured_against_the_year_and_the_month(infoscore: Any) -> None:
    await set_rules(infoscore, 2022, RULES_2022)
    months = [month(m, 1, 1, 5) for m in range(1, 13)]
    months[2] = month(3, 2, 1, 24)
    target = {"submissions": 13, "adoptions": 12, "points": 79, "months": months}
    assert (
        await infoscore.infoscore.put("/api/v1/targets/2022/FIN", json=target, headers=STAFF)
    ).status_code == 200
    item = await submit(infoscore, unit="FIN")
    await adopt(infoscore, item["id"], level="national")
    [year_row] = await ranking(infoscore, 2022)
    assert year_row["target"] == {"submissions": 13, "adoptions": 12, "points": 79}
    assert year_row["completion"] == {"submissions": 7.7, "adoptions": 8.3, "points": 15.2}
    [march] = await ranking(infoscore, 2022, 3)
    assert march["completion"] == {"submissions": 50.0, "adoptions": 100.0, "points": 50.0}
    [april] = await ranking(infoscore, 2022, 4)
    assert (april["points"], april["rank"], april["completion"]["points"]) == (0, 1, 0.0)


async def test_party_information_counts_party_items_against_the_target(infoscore: Any) -> None:
    for unit, party in (("FIN", 4), ("PTY", 6)):
        body = {"submissions": 12, "adoptions": 12, "points": 12, "party": party}
        assert (
            await infoscore.infoscore.put(f"/api/v1/targets/2022/{unit}", json=body, headers=STAFF)
        ).status_code == 200
    for unit in ("FIN", "PTY", "PTY"):
        await submit(infoscore, unit=unit, category="party")
    await submit(infoscore, unit="PTY", category="government")
    await submit(infoscore, unit="PTY", category="party", submitted_at="2021-12-01T09:00:00+08:00")
    whole = (await infoscore.infoscore.get("/api/v1/party-info/2022", headers=STAFF)).json()
    assert (whole["target"], whole["done"], whole["pct"]) == (10, 3, 30.0)
    one = (
        await infoscore.infoscore.get("/api/v1/party-info/2022", params={"unit": "PTY"}, headers=STAFF)
    ).json()
    assert (one["target"], one["done"], one["pct"]) == (6, 2, 33.3)


async def test_a_percentage_is_rounded_half_up_as_the_office_writes_it(infoscore: Any) -> None:
    body = {"submissions": 16, "adoptions": 12, "points": 12, "party": 16}
    assert (
        await infoscore.infoscore.put("/api/v1/targets/2022/FIN", json=body, headers=STAFF)
    ).status_code == 200
    await submit(infoscore, unit="FIN", category="party")
    info = await infoscore.infoscore.get("/api/v1/party-info/2022", params={"unit": "FIN"}, headers=STAFF)
    assert info.json()["pct"] == 6.3  # 1 of 16 is 6.25 %: 四舍五入, not to the even 6.2
    [row] = await ranking(infoscore, 2022)
    assert row["completion"]["submissions"] == 6.3
