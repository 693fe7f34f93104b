"""The whole summary: a complete year of every source gives 93 of 93 placeholders, each what
the test computes from what it loaded, the same after a rebuild; a unit's report is its own."""

import random
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from office.replay import replay_events
from tests.integration.aggregate.summary_scenario import (
    PROFILE,
    PROFILE_N,
    REPORTED,
    STAFF,
    Loaded,
    as_number,
    expected_records,
    load_incoming,
    load_indicators_and_reported,
    load_information,
    load_materials_and_supervision,
    load_meetings,
    load_outgoing,
    write_profile,
)
from tests.support import eventually, token

ADMIN = token(sub="root", roles=("admin",))
URL = "/api/v1/reports/annual/2022"


async def load_year(stack: Any) -> Loaded:
    rng, loaded = random.Random(13), Loaded()
    await load_incoming(stack, rng, loaded)
    await load_outgoing(stack, rng, loaded)
    await load_materials_and_supervision(stack, loaded)
    await load_meetings(stack, rng, loaded)
    await load_information(stack, rng, loaded)
    await load_indicators_and_reported(stack)
    return loaded


def expected(loaded: Loaded) -> dict[int, Any]:
    values = expected_records(loaded)
    values.update({n: PROFILE[key] for n, key in PROFILE_N.items()})
    values.update({n: as_number(value) for n, (_, value) in REPORTED.items()})
    return values


async def placeholders(stack: Any, **params: Any) -> list[dict[str, Any]]:
    answer = await stack.aggregate.get(URL, params=params, headers=STAFF)
    assert answer.status_code == 200, answer.text
    return answer.json()["placeholders"]  # type: ignore[no-any-return]


async def settle(stack: Any, wanted: dict[int, Any]) -> list[dict[str, Any]]:
    async def filled() -> bool:
        return {p["n"]: p["value"] for p in await placeholders(stack)} == wanted

    try:
        await eventually(filled, within=60, interval=0.5)
    finally:
        found = {p["n"]: p["value"] for p in await placeholders(stack)}
        assert {n: (found.get(n), v) for n, v in wanted.items() if found.get(n) != v} == {}
    return await placeholders(stack)


async def rebuild(stack: Any) -> None:
    assert (await stack.aggregate.post("/api/v1/admin/rebuild", headers=ADMIN)).status_code == 202

    async def rebuilt() -> bool:
        status = (await stack.aggregate.get("/api/v1/admin/status", headers=ADMIN)).json()
        return bool(status["generation"] == 2 and status["rebuilding"] is None)

    await eventually(rebuilt, within=60, interval=0.5)


async def replay_all(stack: Any) -> None:
    """What `office replay --redeliver` does, for every service the summary reads, the aggregate included."""
    for name in ("docs", "meetings", "infoscore", "aggregate"):
        since = datetime(2000, 1, 1, tzinfo=UTC)
        replayed = await replay_events(stack.apps[name].state.settings, since, redeliver=True)
        assert replayed.published > 0 and replayed.duplicates == 0

    async def caught_up() -> bool:
        return bool((await stack.aggregate.get("/api/v1/admin/status", headers=ADMIN)).json()["lag"] == 0)

    await eventually(caught_up, within=30, interval=0.5)


def shown(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


async def test_a_complete_year_fills_all_93_placeholders_with_what_was_loaded(
    start_stack: Any, tmp_path: Path
) -> None:
    profile = write_profile(tmp_path)
    async with start_stack("docs", "meetings", "infoscore", "aggregate", profile_file=profile) as stack:
        wanted = expected(await load_year(stack))
        assert sorted(wanted) == list(range(1, 94))
        found = await settle(stack, wanted)
        assert [p["n"] for p in found] == list(range(1, 94))
        sources = {p["n"]: p["source"] for p in found}
        assert {n for n, s in sources.items() if s == "profile"} == set(PROFILE_N)
        assert {n for n, s in sources.items() if s == "reported"} == set(REPORTED)
        for p in found:
            assert p["missing"] is None and shown(p["value"]) in p["text"], p
        assert found[0]["text"].startswith("2022年我厅收文量比去年")
        markdown = (await stack.aggregate.get(URL, params={"format": "markdown"}, headers=STAFF)).text
        assert "（待填报）" not in markdown and "比去年持平" not in markdown
        for heading in (
            "## 一、主要工作措施及成效",
            "### （十）担当作为",
            "## 二、存在问题与不足",
            "## 三、下一步工作计划",
        ):
            assert heading in markdown
        assert (
            "发现格式问题1处，其中标题1处" in markdown and "退回修改1件（共退回1次），退回率100％" in markdown
        )

        await rebuild(stack)
        assert await placeholders(stack) == found
        await replay_all(stack)
        assert await placeholders(stack) == found


async def test_a_units_report_speaks_for_the_unit_with_its_own_figures(
    start_stack: Any, tmp_path: Path
) -> None:
    profile = write_profile(tmp_path)
    async with start_stack("docs", "meetings", "infoscore", "aggregate", profile_file=profile) as stack:
        loaded = await load_year(stack)
        await settle(stack, expected(loaded))
        report = (await stack.aggregate.get(URL, params={"unit": "NNCB"}, headers=STAFF)).json()
        assert report["title"] == "南宁市局2022年工作总结"
        text = "".join(p for s in report["sections"] for p in s["paragraphs"])
        assert "我厅" not in text and "我局" in text
        by_n = {p["n"]: p for p in report["placeholders"]}
        assert by_n[1]["value"] == loaded.of("received", unit="NNCB")
        assert by_n[20]["value"] == loaded.of("submitted", unit="NNCB")
        assert by_n[87]["value"] == loaded.of("supervision.rectification", unit="NNCB")
        assert by_n[68]["value"] == 1  # its own entry, not the department's 4
        assert by_n[67]["value"] is None and "party.excellent_members" in by_n[67]["missing"]
        assert by_n[85]["value"] is None and "只填报全厅数" in by_n[85]["missing"]
        assert by_n[42]["value"] is None and by_n[42]["missing"] == "绩效指标只按全厅登记"
        markdown = (
            await stack.aggregate.get(URL, params={"unit": "NNCB", "format": "markdown"}, headers=STAFF)
        ).text
        assert "南宁市局" in markdown and "（待填报）" in markdown
