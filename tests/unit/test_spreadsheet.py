"""The shared spreadsheet writer keeps text as text, and an import gets the text back."""

import io
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from shared import spreadsheet
from shared.spreadsheet import Column

TEXTS = ["=1+1", "+1", "-1", "@A1", "\tTab", "\rCR", "'=1", "''@x", "'", "''", "'plain", "plain", "", "1-2"]


@pytest.mark.parametrize("text", TEXTS)
def test_an_escaped_text_comes_back_as_it_was(text: str) -> None:
    written = spreadsheet.escape(text)
    assert spreadsheet.unescape(written) == text
    assert not written.startswith(spreadsheet.TRIGGERS)


def test_only_what_a_spreadsheet_would_run_gets_an_apostrophe() -> None:
    assert [spreadsheet.escape(t) for t in ("=1+1", "\tTab", "'=1", "'plain", "1-2")] == [
        "'=1+1",
        "'\tTab",
        "''=1",
        "'plain",
        "1-2",
    ]
    assert spreadsheet.unescape("'plain") == "'plain"  # an apostrophe the text really has stays


def test_numbers_stay_numbers_and_text_cells_are_strings() -> None:
    content = spreadsheet.xlsx("sheet", [["=SUM(A1:A2)", -5, None, "@x"]])
    row = next(openpyxl.load_workbook(io.BytesIO(content)).worksheets[0].iter_rows())
    assert [(c.value, c.data_type) for c in row] == [
        ("'=SUM(A1:A2)", "s"),
        (-5, "n"),
        (None, "n"),
        ("'@x", "s"),
    ]


def test_a_csv_cell_that_would_run_is_quoted_text() -> None:
    content = spreadsheet.csv_bytes([["=1+1", -5, None, "\rCR"]])
    assert content == "\ufeff'=1+1,-5,,\"'\rCR\"\r\n".encode()


def test_an_office_sheet_has_its_title_headers_and_local_date_cells() -> None:
    columns = [Column("标题", 40), Column("收文时间", 17, "datetime"), Column("签发日期", 12, "date")]
    moment = datetime(2022, 2, 8, 17, 30, tzinfo=UTC)  # 2月9日 01:30 in 北京
    content = spreadsheet.office_xlsx(
        sheet="收文登记簿",
        title="=2022年",
        columns=columns,
        rows=[["=1+1", moment, moment]],
        timezone=ZoneInfo("Asia/Shanghai"),
    )
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    assert sheet["A1"].value == "'=2022年"  # the title is text too
    assert [c.value for c in sheet[3]] == ["'=1+1", datetime(2022, 2, 9, 1, 30), datetime(2022, 2, 9)]
    assert [c.number_format for c in sheet[3]][1:] == ["yyyy-mm-dd hh:mm", "yyyy-mm-dd"]
    assert (sheet.freeze_panes, sheet.auto_filter.ref, sheet.column_dimensions["A"].width) == (
        "A3",
        "A2:C3",
        40,
    )


def test_the_header_row_is_found_below_a_title_row() -> None:
    assert spreadsheet.header_row([["2022年收文登记簿"], ["收文编号", "标题"]], {"标题"}) == 1
    assert spreadsheet.header_row([["title", "unit"]], {"title"}) == 0
    assert spreadsheet.header_row([["随便"], ["什么"]], {"标题"}) == 0
