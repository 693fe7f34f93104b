"""Points and ranks: a generated year under two rule sets, checked against an independent count."""

import random
from collections import defaultdict
from typing import Any

from tests.integration.infoscore.helpers import (
    ADMIN,
    RULES_2021,
    RULES_2022,
    STAFF,
    adopt,
    events_on,
    ranking,
    set_rules,
    submit,
)
from tests.support import eventually

UNITS = ["FIN", "SCI", "NNCB", "LZCB", "ITC"]
LEVELS = ["national", "provincial", "department"]
OUTLETS = ["国务院办公厅信息", "省委办公厅信息", "省政府信息", "厅政务信息专报"]


def generate(seed: int, year: int) -> list[dict[str, Any]]:
    """A year of items: unit, month, and the adoptions each gets (level, outlet, instruction)."""
    rng = random.Random(seed)
    items = []
    for _ in range(40):
        outlets = rng.sample(OUTLETS, rng.choice([0, 0, 1, 1, 2, 3]))
        items.append(
            {
                "unit": rng.choice(UNITS),
                "month": rng.randint(1, 12),
                "adoptions": [
                    {"level": rng.choice(LEVELS), "outlet": o, "instruction": rng.random() < 0.2}
                    for o in outlets
                ],
            }
        )
    return items


def expected_points(
    items: list[dict[str, Any]], rules: dict[str, Any], month: int | None = None
) -> dict[str, int]:
    points: dict[str, int] = defaultdict(int)
    for item in items:
        if month is not None and item["month"] != month:
            continue
        points[item["unit"]] += 0
        for a in item["adoptions"]:
            points[item["unit"]] += rules["points"][a["level"]] + (
                rules["instruction_bonus"] if a["instruction"] else 0
            )
    return dict(points)


def expected_ranks(points: dict[str, int]) -> list[tuple[int, str, int]]:
    """(rank, unit, points): walk down the table; a tie keeps the rank, the next takes its place."""
    table = sorted(points.items(), key=lambda kv: (-kv[1], kv[0]))
    ranked, rank, last = [], 0, None
    for place, (unit, score) in enumerate(table, start=1):
        if score != last:
            rank, last = place, score
        ranked.append((rank, unit, score))
    return ranked


async def enter(stack: Any, year: int, items: list[dict[str, Any]]) -> None:
    for item in items:
        when = f"{year}-{item['month']:02d}-10T09:00:00+08:00"
        created = await submit(stack, unit=item["unit"], submitted_at=when)
        for a in item["adoptions"]:
            adopted_at = f"{year}-{item['month']:02d}-20T09:00:00+08:00"
            await adopt(stack, created["id"], adopted_at=adopted_at, **a)


def table(rows: list[dict[str, Any]]) -> list[tuple[int, str, int]]:
    return [(r["rank"], r["unit"], r["points"]) for r in rows]


async def test_a_year_under_two_rule_sets_gives_the_points_and_ranks_counted_independently(
    infoscore: Any,
) -> None:
    await set_rules(infoscore, 2021, RULES_2021)
    await set_rules(infoscore, 2022, RULES_2022)
    year_2021, year_2022 = generate(2021, 2021), generate(2022, 2022)
    await enter(infoscore, 2021, year_2021)
    await enter(infoscore, 2022, year_2022)

    assert table(await ranking(infoscore, 2021)) == expected_ranks(expected_points(year_2021, RULES_2021))
    assert table(await ranking(infoscore, 2022)) == expected_ranks(expected_points(year_2022, RULES_2022))
    for month in (3, 7, 12):
        got = table(await ranking(infoscore, 2022, month))
        assert got == expected_ranks(expected_points(year_2022, RULES_2022, month)), month

    rows = {r["unit"]: r for r in await ranking(infoscore, 2022)}
    for unit in rows:
        mine = [i for i in year_2022 if i["unit"] == unit]
        assert rows[unit]["submitted"] == len(mine)
        assert rows[unit]["adopted"] == sum(len(i["adoptions"]) for i in mine)


async def test_ties_share_a_rank_and_the_next_unit_skips(infoscore: Any) -> None:
    await set_rules(infoscore, 2022, RULES_2022)
    for unit, level in (("FIN", "provincial"), ("SCI", "provincial"), ("ITC", "department")):
        item = await submit(infoscore, unit=unit)
        await adopt(infoscore, item["id"], level=level)
    assert table(await ranking(infoscore, 2022)) == [(1, "FIN", 6), (1, "SCI", 6), (3, "ITC", 1)]


async def test_changing_the_rules_of_2022_leaves_2021_as_it_was(infoscore: Any) -> None:
    await set_rules(infoscore, 2021, RULES_2021)
    await set_rules(infoscore, 2022, RULES_2022)
    old = await submit(infoscore, unit="FIN", submitted_at="2021-06-01T09:00:00+08:00")
    await adopt(
        infoscore, old["id"], level="national", adopted_at="2021-06-02T09:00:00+08:00", instruction=True
    )
    new = await submit(infoscore, unit="FIN")
    first = await adopt(infoscore, new["id"], level="national")
    assert first["points"] == 12
    before_2021 = await ranking(infoscore, 2021)

    await set_rules(infoscore, 2022, {"points": {"national": 30, "provincial": 20, "department": 10}})
    second = await adopt(infoscore, new["id"], level="national", outlet="国务院办公厅信息")

    assert second["points"] == 30
    assert await ranking(infoscore, 2021) == before_2021
    assert table(before_2021) == [(1, "FIN", 13)]
    assert table(await ranking(infoscore, 2022)) == [(1, "FIN", 42)]
    rules = await infoscore.infoscore.get("/api/v1/scoring-rules/2021", headers=STAFF)
    assert rules.json()["points"] == RULES_2021["points"]


async def test_a_withdrawal_takes_the_points_back_and_says_so(infoscore: Any, nats_server: Any) -> None:
    await set_rules(infoscore, 2022, RULES_2022)
    item = await submit(infoscore, unit="SCI")
    kept = await adopt(infoscore, item["id"], level="provincial", outlet="省政府信息")
    mistaken = await adopt(
        infoscore, item["id"], level="national", outlet="国务院办公厅信息", instruction=True
    )
    assert table(await ranking(infoscore, 2022)) == [(1, "SCI", 6 + 17)]

    url = f"/api/v1/adoptions/{mistaken['id']}/withdraw"
    answer = await infoscore.infoscore.post(url, json={"reason": "误登记"}, headers=STAFF)
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "withdrawn"
    assert table(await ranking(infoscore, 2022)) == [(1, "SCI", 6)]
    again = await infoscore.infoscore.post(url, json={"reason": "误登记"}, headers=STAFF)
    assert again.status_code == 409

    async def published() -> bool:
        return len(await events_on(nats_server.url, "office.infoscore.adoption.withdrawn", wait=0.2)) == 1

    await eventually(published)
    [event] = await events_on(nats_server.url, "office.infoscore.adoption.withdrawn", wait=0.2)
    assert event["type"] == "office.infoscore.adoption.withdrawn.v1"
    assert event["data"]["points"] == 17 and event["data"]["unit"] == "SCI"
    assert event["data"]["year"] == 2022 and event["data"]["month"] == 3
    recorded = await events_on(nats_server.url, "office.infoscore.adoption.recorded", wait=0.2)
    assert sorted(e["data"]["points"] for e in recorded) == [6, 17]
    assert {e["subject"] for e in recorded} == {kept["id"], mistaken["id"]}


async def test_a_second_adoption_by_the_same_outlet_is_a_conflict_until_withdrawn(infoscore: Any) -> None:
    await set_rules(infoscore, 2022, RULES_2022)
    item = await submit(infoscore)
    first = await adopt(infoscore, item["id"], outlet="省政府信息")
    url = f"/api/v1/submissions/{item['id']}/adoptions"
    body = {"level": "national", "outlet": "省政府信息", "adopted_at": "2022-03-06T09:00:00+08:00"}
    twice = await infoscore.infoscore.post(url, json=body, headers=STAFF)
    assert twice.status_code == 409
    assert twice.headers["content-type"] == "application/problem+json"
    withdraw = f"/api/v1/adoptions/{first['id']}/withdraw"
    assert (
        await infoscore.infoscore.post(withdraw, json={"reason": "级别错误"}, headers=STAFF)
    ).status_code == 200
    assert (await infoscore.infoscore.post(url, json=body, headers=STAFF)).status_code == 201
    assert table(await ranking(infoscore, 2022)) == [(1, "FIN", 12)]


async def test_an_adoption_of_an_unknown_submission_is_not_found(infoscore: Any) -> None:
    await set_rules(infoscore, 2022, RULES_2022)
    answer = await infoscore.infoscore.post(
        "/api/v1/submissions/0123456789abcdef/adoptions",
        json={"level": "national", "outlet": "省政府信息", "adopted_at": "2022-03-06T09:00:00+08:00"},
        headers=STAFF,
    )
    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["detail"].startswith("信息 0123456789abcdef 不存在或无权查看")


async def test_an_adoption_in_a_year_without_rules_is_a_conflict(infoscore: Any) -> None:
    item = await submit(infoscore)
    url = f"/api/v1/submissions/{item['id']}/adoptions"
    body = {"level": "national", "outlet": "省政府信息", "adopted_at": "2022-03-06T09:00:00+08:00"}
    answer = await infoscore.infoscore.post(url, json=body, headers=STAFF)
    assert answer.status_code == 409
    assert "计分规则" in answer.json()["detail"]


async def test_only_an_admin_sets_the_rules(infoscore: Any) -> None:
    answer = await infoscore.infoscore.put("/api/v1/scoring-rules/2022", json=RULES_2022, headers=STAFF)
    assert answer.status_code == 403
    assert (await infoscore.infoscore.get("/api/v1/scoring-rules/2022", headers=ADMIN)).status_code == 404
