"""A download's `Content-Disposition`: the Chinese name as RFC 5987 `filename*`, an ASCII fallback."""

import re
from urllib.parse import unquote

from shared.downloads import attachment

ATTR_CHARS = re.compile(r"[A-Za-z0-9!#$&+\-.^_`|~%]+")  # RFC 5987 attr-char, and %XX


def test_a_title_with_a_slash_or_quote_saves_as_one_file_with_a_valid_header() -> None:
    header = attachment('关于"十四五"规划/年度计划的通知.docx', 'draft "1"/2.docx')["Content-Disposition"]
    plain, encoded = re.fullmatch(
        r'attachment; filename="([^"]*)"; filename\*=UTF-8\'\'(.*)', header
    ).groups()  # type: ignore[union-attr]
    assert ATTR_CHARS.fullmatch(encoded), encoded
    assert unquote(encoded) == "关于_十四五_规划_年度计划的通知.docx"
    assert plain == "draft _1__2.docx"
