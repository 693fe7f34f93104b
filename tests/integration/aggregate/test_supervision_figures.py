"""The supervision ledger's figures (督办): created, completed and overdue, per assignee unit."""

from typing import Any

from services.docs.supervision import jobs
from tests.integration.docs_supervision.support import STAFF, item
from tests.support import eventually


async def test_supervision_items_are_counted_created_completed_and_overdue(start_stack: Any) -> None:
    async with start_stack("docs", "aggregate", supervision_scan_s=3600) as stack:
        done = await item(stack)
        await item(stack)
        await item(stack, assignee_unit="LZCB")
        finished = await stack.docs.post(
            f"/api/v1/supervision/{done['id']}/complete",
            json={"at": "2022-09-20T10:00:00+08:00"},
            headers=STAFF,
        )
        assert finished.status_code == 200, finished.text
        await jobs.scan_once(stack.apps["docs"])  # what the docs service's own loop does, now

        async def supervision(unit: str | None = None) -> dict[str, int]:
            params = {"unit": unit} if unit else {}
            answer = await stack.aggregate.get("/api/v1/stats/2022", params=params, headers=STAFF)
            figures = answer.json()["docs"]["supervision"]
            return {k: figures[k] for k in ("created", "completed", "overdue")}

        async def settled() -> bool:
            # the two open items, due 2022-09-30, were flagged overdue by the scan
            return await supervision() == {"created": 3, "completed": 1, "overdue": 2}

        await eventually(settled, within=30)
        assert await supervision("NNCB") == {"created": 2, "completed": 1, "overdue": 1}
        report = (await stack.aggregate.get("/api/v1/reports/annual/2022", headers=STAFF)).json()
        paragraph = next(s for s in report["sections"] if s["key"] == "problems.rules")["paragraphs"][0]
        assert "督办事项3项，办结1项，超期2项，督办落实仍需加强。" in paragraph
