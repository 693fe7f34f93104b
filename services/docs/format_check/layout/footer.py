"""页码: 4号半角宋体阿拉伯数字，数字左右各放一条一字线，单页居右、双页居左 (GB/T 9704-2012, 7.5)."""

import re

from services.docs.format_check.layout.reader import Footer
from services.docs.format_check.layout.rules import Miss, Sheet, layout_rule

SONGTI = ("宋体", "SimSun")
PAGE_SIZE = 14.0
DASHED = re.compile(r"^—\s?\d*\s?—$")


def _numbered(sheet: Sheet) -> list[Footer]:
    """The footers pages are numbered in: the odd (default) one, and the even one when set."""
    return [f for f in sheet.layout.footers if f.pages == "odd" or sheet.layout.odd_even]


def _where(footer: Footer) -> str:
    return f"第{footer.section}节{'双' if footer.pages == 'even' else '单'}页页脚"


@layout_rule("LAYOUT_PAGE_NUMBER", "error", "footer", fixable=True)
def page_number(sheet: Sheet) -> list[Miss]:
    misses = []
    for footer in _numbered(sheet):
        text = "".join(p.text for p in footer.paras).strip()
        if not footer.page_field or not DASHED.match(text):
            misses.append(
                Miss(_where(footer), "页码应插入页码域，写作“— 1 —”（数字左右各一条一字线，与数字间空半角）")
            )
    return misses


@layout_rule("LAYOUT_PAGE_NUMBER_FONT", "error", "footer", fixable=True)
def page_number_font(sheet: Sheet) -> list[Miss]:
    misses = []
    for footer in _numbered(sheet):
        runs = [r for p in footer.paras for r in p.runs if r.text.strip()]
        if any(
            r.look.size != PAGE_SIZE or (r.look.latin not in SONGTI and r.look.east_asia not in SONGTI)
            for r in runs
        ):
            misses.append(Miss(_where(footer), "页码应使用4号（14磅）半角宋体阿拉伯数字"))
    return misses


@layout_rule("LAYOUT_PAGE_NUMBER_PLACE", "error", "footer", fixable=True)
def page_number_place(sheet: Sheet) -> list[Miss]:
    if not sheet.layout.odd_even:
        return [Miss("页脚", "页码应单页居右空一字、双页居左空一字：请设置“奇偶页不同”")]
    wanted = {"odd": "right", "even": "left"}
    misses = []
    for footer in _numbered(sheet):
        aligns = {p.align for p in footer.paras if p.text.strip()}
        if aligns != {wanted[footer.pages]}:
            side = "右" if footer.pages == "odd" else "左"
            misses.append(
                Miss(_where(footer), f"{'单' if footer.pages == 'odd' else '双'}页页码应居{side}空一字")
            )
    return misses
