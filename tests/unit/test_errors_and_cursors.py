"""Where a bad field was, as the caller named it; and cursors that are not ours."""

import pytest

from shared.errors import Invalid, _field
from shared.pagination import decode_cursor, encode_cursor


@pytest.mark.parametrize(
    ("loc", "field"),
    [
        (("body", "title"), "title"),
        (("body", "body"), "body"),
        (("body", "attachments", 0, "title"), "attachments.0.title"),
        (("query", "limit"), "limit"),
        (("body",), "body"),
    ],
)
def test_a_field_is_named_without_its_location(loc: tuple[object, ...], field: str) -> None:
    assert _field(loc) == field


def test_a_cursor_reads_back() -> None:
    assert decode_cursor(encode_cursor("0190abc")) == "0190abc"


@pytest.mark.parametrize("cursor", ["%%%", "", encode_cursor("\x00"), "!!notbase64"])
def test_a_cursor_that_is_not_ours_is_422(cursor: str) -> None:
    with pytest.raises(Invalid):
        decode_cursor(cursor)
