"""The shared spreadsheet writer keeps text as text, and an import gets the text back."""

import io

import openpyxl
import pytest

from shared import spreadsheet

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
