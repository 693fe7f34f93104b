"""The monthly notice goes out to every unit; disclosures are counted per month; assessments compare years."""

import io
from typing import Any

import pytest

from tests.integration.infoscore.helpers import RULES_2022, STAFF, adopt, events_on, set_rules, submit
from tests.support import eventually, file_name


async def test_the_monthly_notice_goes_out_once_to_every_unit(infoscore: Any, nats_server: Any) -> None:
    await set_rules(infoscore, 2022, RULES_2022)
    for unit, level in (("FIN", "national"), ("SCI", "provincial")):
        item = await submit(infoscore, unit=unit)
        await adopt(infoscore, item["id"], level=level)
    answer = await infoscore.infoscore.post("/api/v1/notices", json={"year": 2022, "month": 3}, headers=STAFF)
    assert answer.status_code == 201, answer.text
    notice = answer.json()
    assert [(r["rank"], r["unit"], r["points"]) for r in notice["rows"]] == [(1, "FIN", 12), (2, "SCI", 6)]
    again = await infoscore.infoscore.post("/api/v1/notices", json={"year": 2022, "month": 3}, headers=STAFF)
    assert again.status_code == 409

    async def published() -> bool:
        return len(await events_on(nats_server.url, "office.infoscore.notice.published", wait=0.2)) == 1

    await eventually(published)
    [event] = await events_on(nats_server.url, "office.infoscore.notice.published", wait=0.2)
    units = (await infoscore.infoscore.get("/api/v1/units")).json()["items"]
    assert event["data"]["recipients"] == [u["code"] for u in units]
    assert event["data"]["rows"][0] == {
        "rank": 1, "unit": "FIN", "name": "计划财务处", "submitted": 1, "adopted": 1,
        "points": 12, "target_points": None, "completion_pct": None,
    }  # fmt: skip

    doc = await infoscore.infoscore.get(f"/api/v1/notices/{notice['id']}/document", headers=STAFF)
    assert doc.headers["content-type"].startswith("text/markdown")
    assert "关于2022年3月政务信息工作情况的通报" in doc.text
    assert "| 1 | FIN | 计划财务处 | 1 | 1 | 12 |" in doc.text


async def test_the_notice_is_an_excel_sheet_too(infoscore: Any) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    await set_rules(infoscore, 2022, RULES_2022)
    item = await submit(infoscore, unit="FIN")
    await adopt(infoscore, item["id"], level="national")
    notice = (
        await infoscore.infoscore.post("/api/v1/notices", json={"year": 2022, "month": 3}, headers=STAFF)
    ).json()
    url = f"/api/v1/notices/{notice['id']}/document"
    answer = await infoscore.infoscore.get(url, params={"format": "xlsx"}, headers=STAFF)
    assert answer.status_code == 200
    assert file_name(answer) == f"{notice['title']}.xlsx"  # 关于2022年3月政务信息工作情况的通报.xlsx
    sheet = openpyxl.load_workbook(io.BytesIO(answer.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][:6] == (1, "FIN", "计划财务处", 1, 1, 12)


async def test_disclosures_are_reported_per_month_of_the_offices_calendar(
    infoscore: Any, nats_server: Any
) -> None:
    published = [
        ("2022-01-05T10:00:00+08:00", "公开指南"),
        ("2022-01-20T10:00:00+08:00", "工作动态"),
        ("2022-03-31T23:30:00+08:00", "工作动态"),  # late on the last day of March
        ("2022-04-30T20:00:00-08:00", "政策文件"),  # 1 May in the office
        ("2021-12-31T10:00:00+08:00", "工作动态"),
    ]
    for when, category in published:
        body = {"title": "关于印发政府信息公开指南的通知", "category": category, "published_at": when}
        answer = await infoscore.infoscore.post("/api/v1/disclosures", json=body, headers=STAFF)
        assert answer.status_code == 201, answer.text
    report = (
        await infoscore.infoscore.get("/api/v1/disclosures/report", params={"year": 2022}, headers=STAFF)
    ).json()
    assert report["total"] == 4
    assert [m["count"] for m in report["months"]] == [2, 0, 1, 0, 1] + [0] * 7
    assert report["by_category"] == {"公开指南": 1, "工作动态": 2, "政策文件": 1}

    async def all_published() -> bool:
        return len(await events_on(nats_server.url, "office.infoscore.disclosure.published", wait=0.2)) == 5

    await eventually(all_published)


async def test_an_assessment_reports_the_change_against_the_year_before(infoscore: Any) -> None:
    first = await infoscore.infoscore.post(
        "/api/v1/assessments", json={"year": 2021, "rank": 9, "points": 70.5}, headers=STAFF
    )
    assert first.status_code == 201
    assert first.json()["rank_change"] is None
    answer = await infoscore.infoscore.post(
        "/api/v1/assessments", json={"year": 2022, "rank": 4, "points": 88}, headers=STAFF
    )
    assert answer.status_code == 201
    assert (answer.json()["rank_prev"], answer.json()["rank_change"]) == (9, 5)
    twice = await infoscore.infoscore.post(
        "/api/v1/assessments", json={"year": 2022, "rank": 3, "points": 90}, headers=STAFF
    )
    assert twice.status_code == 409
    bad = await infoscore.infoscore.post(
        "/api/v1/assessments", json={"year": 2022, "rank": 0, "points": 90}, headers=STAFF
    )
    assert [e["field"] for e in bad.json()["errors"]] == ["rank"]
