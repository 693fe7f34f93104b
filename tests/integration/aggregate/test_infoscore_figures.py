"""Information figures (政务信息) from the infoscore service's events, as the summary reports them."""

from typing import Any

from tests.support import eventually, token

STAFF = token(roles=("staff", "admin"))


async def post(client: Any, path: str, body: dict[str, Any]) -> dict[str, Any]:
    answer = await client.post(path, json=body, headers=STAFF)
    assert answer.status_code in (200, 201), answer.text
    return answer.json()  # type: ignore[no-any-return]


async def put(client: Any, path: str, body: dict[str, Any]) -> None:
    answer = await client.put(path, json=body, headers=STAFF)
    assert answer.status_code in (200, 201), answer.text


async def submit(client: Any, unit: str, category: str, when: str) -> str:
    body = {"unit": unit, "title": "信息", "body": "正文", "category": category, "submitted_at": when}
    return str((await post(client, "/api/v1/submissions", body))["id"])


async def adopt(
    client: Any, submission: str, level: str, outlet: str, when: str, instruction: bool = False
) -> str:
    body = {"level": level, "outlet": outlet, "adopted_at": when, "instruction": instruction}
    return str((await post(client, f"/api/v1/submissions/{submission}/adoptions", body))["id"])


async def test_information_figures_follow_adoptions_withdrawals_targets_and_assessments(
    start_stack: Any,
) -> None:
    async with start_stack("infoscore", "aggregate") as stack:
        info = stack.infoscore
        rules: dict[str, Any] = {
            "points": {"national": 10, "provincial": 5, "department": 2},
            "instruction_bonus": 3,
        }
        await put(info, "/api/v1/scoring-rules/2022", rules)
        await put(info, "/api/v1/scoring-rules/2021", {**rules, "points": {**rules["points"], "national": 8}})
        await put(
            info, "/api/v1/targets/2022/NNCB", {"submissions": 10, "adoptions": 4, "points": 20, "party": 4}
        )
        await put(
            info, "/api/v1/targets/2022/LZCB", {"submissions": 10, "adoptions": 4, "points": 10, "party": 4}
        )

        a = await submit(info, "NNCB", "government", "2022-03-01T09:00:00+08:00")
        b = await submit(info, "NNCB", "party", "2022-04-01T09:00:00+08:00")
        c = await submit(info, "LZCB", "party", "2022-05-01T09:00:00+08:00")
        old = await submit(info, "LZCB", "government", "2021-05-01T09:00:00+08:00")
        await adopt(info, a, "national", "人民日报内参", "2022-03-10T09:00:00+08:00", instruction=True)  # 13
        await adopt(info, b, "department", "厅信息专报", "2022-04-10T09:00:00+08:00")  # 2
        mistaken = await adopt(
            info, c, "provincial", "省政府信息", "2022-05-10T09:00:00+08:00"
        )  # 5, withdrawn
        await adopt(info, old, "national", "国办信息", "2021-05-10T09:00:00+08:00")  # 8 in 2021
        await post(info, f"/api/v1/adoptions/{mistaken}/withdraw", {"reason": "误录"})
        await post(info, "/api/v1/assessments", {"year": 2021, "rank": 9, "points": 80})
        await post(info, "/api/v1/assessments", {"year": 2022, "rank": 4, "points": 92})
        for month in (1, 6, 6):
            when = f"2022-{month:02d}-15T10:00:00+08:00"
            await post(
                info, "/api/v1/disclosures", {"title": "公开", "category": "通知公告", "published_at": when}
            )

        async def infoscore_figures() -> dict[str, Any]:
            answer = await stack.aggregate.get("/api/v1/stats/2022", headers=STAFF)
            return answer.json()["infoscore"]  # type: ignore[no-any-return]

        async def settled() -> bool:
            figures = await infoscore_figures()
            return bool(
                figures["disclosures"] == 3 and figures["adopted"] == 2 and figures["region_rank"] == 4
            )

        await eventually(settled, within=20)
        figures = await infoscore_figures()
        assert figures["submitted"] == 3
        assert figures["points"] == 15 and figures["points_prev"] == 8
        assert figures["points_by_level"] == {"national": 13, "provincial": 0, "department": 2}
        assert figures["target_points"] == 30
        assert (figures["region_rank"], figures["region_rank_prev"]) == (4, 9)
        assert figures["party_info"] == {"target": 8, "done": 2, "pct": 25.0}

        nanning = (
            await stack.aggregate.get("/api/v1/stats/2022", params={"unit": "NNCB"}, headers=STAFF)
        ).json()
        assert nanning["infoscore"]["points"] == 15
        assert nanning["infoscore"]["party_info"] == {"target": 4, "done": 1, "pct": 25.0}
        table = (await stack.aggregate.get("/api/v1/stats/2022/units", headers=STAFF)).json()
        ranking = {r["unit"]: (r["value"], r["rank"]) for r in table["rankings"]["infoscore.points"]}
        assert ranking["NNCB"] == (15, 1)
        assert ranking["LZCB"] == (0, 2)  # its only 2022 adoption was withdrawn
        report = (await stack.aggregate.get("/api/v1/reports/annual/2022", headers=STAFF)).json()
        placeholders = {p["n"]: p for p in report["placeholders"]}
        assert placeholders[20]["text"] == (
            "其中，政务信息2022年报送3条，采用2条，得分15分，排名全区第4，较去年排名第9名，前进5名。"
        )
        assert placeholders[29]["text"] == "党委信息，我厅完成任务2条，任务完成百分比25％。"
