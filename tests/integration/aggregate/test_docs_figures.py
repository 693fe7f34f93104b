"""Outgoing documents, returns and materials (办文) from the docs service's events."""

from typing import Any

from tests.integration.docs.support import LEADER, act, approved, draft
from tests.support import eventually, token

STAFF = token(clearance="top_secret")


async def dispatched(stack: Any, when: str, **fields: Any) -> None:
    doc = await approved(stack, **fields)
    await act(stack, doc["id"], "sign", LEADER, at=when)
    await act(stack, doc["id"], "dispatch", dispatched_at=when)


async def test_sent_returned_and_materials_are_counted_by_business_time(start_stack: Any) -> None:
    async with start_stack("docs", "aggregate") as stack:
        await dispatched(stack, "2022-03-02T10:00:00+08:00")
        await dispatched(stack, "2022-05-02T10:00:00+08:00", drafting_unit="SAF")
        await dispatched(stack, "2021-05-02T10:00:00+08:00")
        await dispatched(stack, "2021-06-02T10:00:00+08:00")
        await dispatched(stack, "2021-07-02T10:00:00+08:00")
        twice = await draft(stack)
        for _ in range(2):
            await act(stack, twice["id"], "submit")
            await act(stack, twice["id"], "return", reason="主送机关不全", at="2022-08-01T10:00:00+08:00")
        for kind, when in (("minutes", "2022-02-01"), ("speech", "2022-09-01"), ("report", "2021-09-01")):
            body = {"kind": kind, "title": "材料", "unit": "GO", "completed_at": f"{when}T10:00:00+08:00"}
            assert (await stack.docs.post("/api/v1/materials", json=body, headers=STAFF)).status_code == 201

        async def docs_figures() -> dict[str, Any]:
            return (await stack.aggregate.get("/api/v1/stats/2022", headers=STAFF)).json()["docs"]  # type: ignore[no-any-return]

        async def settled() -> bool:
            figures = await docs_figures()
            return bool(
                figures["materials"] == 2
                and figures["returned"] == 2
                and figures["sent"]["total"]["value"] == 2
            )

        await eventually(settled, within=20)
        figures = await docs_figures()
        assert figures["sent"]["total"] == {"value": 2, "prev": 3, "delta": -1, "delta_pct": -33.3}
        safety = (
            await stack.aggregate.get("/api/v1/stats/2022", params={"unit": "SAF"}, headers=STAFF)
        ).json()
        assert safety["docs"]["sent"]["total"]["value"] == 1
        report = (await stack.aggregate.get("/api/v1/reports/annual/2022", headers=STAFF)).json()
        placeholders = {p["n"]: p for p in report["placeholders"]}
        assert (
            placeholders[9]["text"] == "发送公文数量较去年有所下降，发送2件，比去年3件减少1件，减少33.3％。"
        )
        assert [placeholders[n]["value"] for n in (9, 10, 11, 12, 84)] == [2, 3, 1, 33.3, 33.3]
        assert (
            placeholders[13]["text"]
            == "2022年完成厅党组会议纪要、各类总结、讲话、报告、调研文章等综合材料2份。"
        )
        rules = next(s for s in report["sections"] if s["key"] == "problems.rules")["paragraphs"][0]
        assert "退回修改1件（共退回2次）" in rules  # submitted now (2026), returned in 2022
