"""成文日期: Arabic numerals, `2022年1月5日`, no leading zeros (GB/T 9704-2012, 7.3.5.1)."""

import re
from datetime import date

from services.docs.format_check.engine import Draft, rule
from services.docs.format_check.text import CN_DIGITS

WELL_FORMED = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
CN_DATE = re.compile(rf"[{CN_DIGITS}]{{2,4}}年[{CN_DIGITS}]{{1,3}}月(?:[{CN_DIGITS}]{{1,3}}日)?")


def _written(draft: Draft) -> str | None:
    return draft.signed_date.strip() if draft.signed_date else None


@rule("DATE_CN_NUMERALS", "error", "signed_date")
def date_cn_numerals(draft: Draft) -> str | None:
    written = _written(draft)
    if written and any(c in CN_DIGITS for c in written):
        return "成文日期应使用阿拉伯数字，如2022年1月5日，不写作二〇二二年一月五日"
    return None


@rule("DATE_FORMAT", "error", "signed_date")
def date_format(draft: Draft) -> str | None:
    written = _written(draft)
    if written and not any(c in CN_DIGITS for c in written) and not WELL_FORMED.fullmatch(written):
        return "成文日期应写作“2022年1月5日”的形式（年、月、日俱全），不用2022-01-05或2022.1.5"
    return None


@rule("DATE_LEADING_ZERO", "error", "signed_date")
def date_leading_zero(draft: Draft) -> str | None:
    found = WELL_FORMED.fullmatch(_written(draft) or "")
    if found and (found.group(2).startswith("0") or found.group(3).startswith("0")):
        return "成文日期月、日不编虚位，如2022年1月5日，不写作2022年01月05日"
    return None


@rule("DATE_INVALID", "error", "signed_date")
def date_invalid(draft: Draft) -> str | None:
    found = WELL_FORMED.fullmatch(_written(draft) or "")
    if not found:
        return None
    try:
        date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    except ValueError:
        return f"成文日期“{found.group(0)}”不是有效日期，请核对"
    return None


@rule("BODY_DATE_CN_NUMERALS", "warning", "body")
def body_date_cn_numerals(draft: Draft) -> str | None:
    found = CN_DATE.search(draft.body)
    if found:
        return f"正文中的日期“{found.group(0)}”宜使用阿拉伯数字，如2022年1月5日"
    return None
