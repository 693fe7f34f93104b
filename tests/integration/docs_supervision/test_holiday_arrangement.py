"""The office's holiday arrangement: a year nobody entered is refused (409 naming it), never
guessed; an admin enters the State Council's notice in docs and logistics keeps it too."""

from datetime import UTC, datetime
from typing import Any

import pytest

from shared import calendar
from shared.settings import SAMPLE_HOLIDAYS_FILE
from tests.integration.docs_supervision.support import STAFF, outbox_count, supervision
from tests.integration.logistics_duty.conftest import roster
from tests.support import eventually, token

ADMIN = token(sub="root", roles=("admin",))
YEAR = 2098  # neither shipped nor the tests' own 2099
NOTICE = {
    "holidays": [{"date": f"{YEAR}-01-{d:02d}", "name": "元旦"} for d in (1, 2, 3)]
    + [{"date": f"{YEAR}-10-{d:02d}", "name": "国庆节"} for d in range(1, 8)],
    "workdays": [f"{YEAR}-01-04"],  # a Saturday
    "source": f"国办发明电〔{YEAR - 1}〕1号",
}
DUE_ON_A_HOLIDAY = supervision(due=f"{YEAR}-01-02")


def assert_names_the_year(answer: Any) -> None:
    assert answer.status_code == 409, answer.text
    assert answer.json()["year"] == YEAR and f"{YEAR}年" in answer.json()["detail"]


async def test_a_year_not_entered_is_refused_then_counted_once_entered(start_stack: Any) -> None:
    async with start_stack("docs", "logistics") as stack:
        assert_names_the_year(
            await stack.docs.post("/api/v1/supervision", json=DUE_ON_A_HOLIDAY, headers=STAFF)
        )
        assert_names_the_year(await stack.docs.get(f"/api/v1/calendar/{YEAR}", headers=STAFF))
        duty = roster(f"{YEAR}-10-01", 3)
        assert_names_the_year(await stack.logistics.post("/api/v1/duty/rosters", json=duty, headers=STAFF))
        assert await outbox_count(stack) == 0

        entered = await stack.docs.put(f"/api/v1/calendar/{YEAR}", json=NOTICE, headers=ADMIN)
        assert entered.status_code == 201, entered.text
        assert entered.json()["entered_by"] == "root" and len(entered.json()["holidays"]) == 10
        item = await stack.docs.post("/api/v1/supervision", json=DUE_ON_A_HOLIDAY, headers=STAFF)
        assert item.status_code == 201, item.text
        # the 2nd and 3rd are 元旦, the 4th a make-up Saturday
        assert item.json()["due"] == f"{YEAR}-01-02" and item.json()["deadline"] == f"{YEAR}-01-04"

        async def kept_by_logistics() -> bool:
            answer = await stack.logistics.post("/api/v1/duty/rosters", json=duty, headers=STAFF)
            return bool(answer.status_code == 201 and answer.json()["holiday"] == "国庆节")

        await eventually(kept_by_logistics)


async def test_a_corrected_notice_replaces_the_year(start_stack: Any) -> None:
    async with start_stack("docs") as stack:
        assert (
            await stack.docs.put(f"/api/v1/calendar/{YEAR}", json=NOTICE, headers=ADMIN)
        ).status_code == 201
        corrected = {**NOTICE, "workdays": []}
        again = await stack.docs.put(f"/api/v1/calendar/{YEAR}", json=corrected, headers=ADMIN)
        assert again.status_code == 200 and again.json()["workdays"] == []
        read = await stack.docs.get(f"/api/v1/calendar/{YEAR}", headers=STAFF)
        assert read.json()["workdays"] == [] and read.json()["source"] == NOTICE["source"]
        item = await stack.docs.post("/api/v1/supervision", json=DUE_ON_A_HOLIDAY, headers=STAFF)
        assert item.json()["deadline"] == f"{YEAR}-01-06"  # the 4th and 5th a weekend now


async def test_the_shipped_years_are_shown_and_only_an_admin_enters_a_year(start_stack: Any) -> None:
    async with start_stack("docs") as stack:
        shipped = await stack.docs.get("/api/v1/calendar/2022", headers=STAFF)
        assert shipped.status_code == 200 and shipped.json()["entered_by"] is None
        assert {"date": "2022-10-08", "name": "国庆节"} not in shipped.json()["holidays"]
        assert "2022-10-08" in shipped.json()["workdays"]
        assert (await stack.docs.get("/api/v1/calendar/2022")).status_code == 401
        assert (await stack.docs.get("/api/v1/calendar/1800", headers=STAFF)).status_code == 422
        assert (await stack.docs.put(f"/api/v1/calendar/{YEAR}", json=NOTICE)).status_code == 401
        assert (
            await stack.docs.put(f"/api/v1/calendar/{YEAR}", json=NOTICE, headers=STAFF)
        ).status_code == 403
        bad = [
            {**NOTICE, "workdays": [f"{YEAR}-01-06"]},  # a Monday is no make-up day
            {**NOTICE, "holidays": [{"date": f"{YEAR + 1}-01-01", "name": "元旦"}]},  # another year
            {**NOTICE, "workdays": [f"{YEAR}-01-01"]},  # both a holiday and a working day
            {**NOTICE, "holidays": []},
            {**NOTICE, "holidays": [{"date": f"{YEAR}-01-01", "name": "元\x00旦"}]},
        ]
        for body in bad:
            answer = await stack.docs.put(f"/api/v1/calendar/{YEAR}", json=body, headers=ADMIN)
            assert answer.status_code == 422, (body, answer.text)
        assert (await stack.docs.put("/api/v1/calendar/1800", json=NOTICE, headers=ADMIN)).status_code == 422
        assert await outbox_count(stack) == 0


async def test_readyz_warns_from_december_when_next_year_is_missing(
    start_stack: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    last = max(a.year for a in calendar.shipped(SAMPLE_HOLIDAYS_FILE))
    async with start_stack("docs", "logistics", holidays_file=SAMPLE_HOLIDAYS_FILE) as stack:
        monkeypatch.setattr(calendar, "utcnow", lambda: datetime(last, 11, 30, 12, tzinfo=UTC))
        assert "warnings" not in (await stack.docs.get("/readyz")).json()
        monkeypatch.setattr(calendar, "utcnow", lambda: datetime(last, 11, 30, 16, tzinfo=UTC))  # 1 Dec
        for service in (stack.docs, stack.logistics):
            ready = await service.get("/readyz")
            assert ready.status_code == 200 and f"{last + 1}年节假日安排" in ready.json()["warnings"][0]
            assert "warnings" not in (await service.get("/readyz", params={"only": "database"})).json()
