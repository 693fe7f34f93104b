"""The monthly supervision notice (督办月通报) as a .docx (read with python-docx) and an .xlsx (openpyxl)."""

from typing import Any

import pytest

from tests.integration.docs_ledgers.support import (
    NANNING,
    PROBLEM,
    STAFF,
    assert_office_layout,
    document_of,
    headers,
    records,
    sheet_of,
)
from tests.support import file_name

COLUMNS = ["序号", "单位", "本月交办", "本月办结", "其中逾期办结", "月末在办", "其中逾期"]


@pytest.fixture
async def docs(start_stack: Any) -> Any:
    async with start_stack("docs") as stack:
        yield stack


async def published(stack: Any) -> dict[str, Any]:
    """September 2022: 南宁市局 two items (one done late, one open past its deadline), 柳州市局 one done."""
    cases = [("NNCB", "2022-09-05", "2022-09-08T10:00:00+08:00"), ("NNCB", "2022-09-20", None),
             ("LZCB", "2022-09-30", "2022-09-15T10:00:00+08:00")]  # fmt: skip
    for unit, due, completed in cases:
        body = {"title": f"督办事项（{unit}，{due}）", "source": "meeting", "assignee_unit": unit, "due": due,
                "at": "2022-09-01T09:00:00+08:00"}  # fmt: skip
        item = await stack.docs.post("/api/v1/supervision", json=body, headers=STAFF)
        assert item.status_code == 201, item.text
        if completed:
            path = f"/api/v1/supervision/{item.json()['id']}/complete"
            assert (await stack.docs.post(path, json={"at": completed}, headers=STAFF)).is_success
    at = {"year": 2022, "month": 9, "at": "2022-10-08T09:00:00+08:00"}
    notice = await stack.docs.post("/api/v1/supervision/notices", json=at, headers=STAFF)
    assert notice.status_code == 201, notice.text
    return notice.json()  # type: ignore[no-any-return]


async def notice_file(stack: Any, form: str, caller: dict[str, str] = STAFF, month: int = 9) -> Any:
    return await stack.docs.get(
        f"/api/v1/supervision/notices/2022/{month}/document", params={"format": form}, headers=caller
    )


async def test_the_notice_as_a_docx_has_its_title_figures_and_table(docs: Any) -> None:
    await published(docs)
    answer = await notice_file(docs, "docx", NANNING)  # every unit reads the notice
    assert file_name(answer) == "2022年9月督办工作通报.docx"
    document = document_of(answer)
    paragraphs = [p.text for p in document.paragraphs if p.text]
    assert paragraphs[0] == "2022年9月督办工作通报"
    assert "本月共交办督办事项3项，办结2项（其中逾期办结1项）；截至月末在办1项，其中逾期1项。" in paragraphs
    assert any("南宁市局（1项）" in p for p in paragraphs)
    assert paragraphs[-2:] == ["办公室", "2022年10月8日"]
    (table,) = document.tables
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells == [
        COLUMNS,
        ["1", "柳州市局", "1", "1", "0", "0", "0"],
        ["2", "南宁市局", "2", "1", "1", "1", "1"],
        ["", "合计", "3", "2", "1", "1", "1"],
    ]
    title_run = document.paragraphs[0].runs[0]
    assert (
        title_run.element.rPr.rFonts.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
        )
        == "方正小标宋简体"
    )


async def test_the_notice_as_an_xlsx_has_the_office_layout(docs: Any) -> None:
    await published(docs)
    answer = await notice_file(docs, "xlsx")
    assert file_name(answer) == "2022年9月督办工作通报.xlsx"
    sheet = sheet_of(answer)
    assert_office_layout(sheet, "2022年9月督办工作通报", len(COLUMNS))
    assert headers(sheet) == COLUMNS
    assert [list(r.values()) for r in records(sheet)] == [
        [1, "柳州市局", 1, 1, 0, 0, 0],
        [2, "南宁市局", 2, 1, 1, 1, 1],
        [None, "合计", 3, 2, 1, 1, 1],
    ]


async def test_an_unpublished_month_or_an_unknown_format_is_a_problem(docs: Any) -> None:
    await published(docs)
    missing = await notice_file(docs, "docx", month=8)
    assert missing.status_code == 404 and missing.headers["content-type"] == PROBLEM
    unknown = await notice_file(docs, "pdf")
    assert unknown.status_code == 422 and unknown.headers["content-type"] == PROBLEM
    assert (await notice_file(docs, "xlsx", month=13)).status_code == 422
    anonymous = await docs.docs.get("/api/v1/supervision/notices/2022/9/document", params={"format": "docx"})
    assert anonymous.status_code == 401 and anonymous.headers["content-type"] == PROBLEM
