"""主体 and 版记: 标题, 主送机关, 层次序数, 附件说明, 署名和成文日期, 抄送和印发
(GB/T 9704-2012, 7.3, 7.4)."""

import re

from services.docs.format_check.dates import WELL_FORMED
from services.docs.format_check.headings import HALF_WIDTH_THIRD, headings_of, sequence_gap
from services.docs.format_check.layout.rules import Miss, Sheet, layout_rule
from services.docs.format_check.recipients import NEEDS_MAIN
from services.docs.format_check.text import compact

IMPRINT = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日印发$")


@layout_rule("LAYOUT_TITLE_MISSING", "error", "title")
def title_missing(sheet: Sheet) -> list[Miss]:
    if not sheet.parts.title:
        return [
            Miss("主体", "未找到公文标题：标题应在红色分隔线下空二行居中排布，以文种结尾，如“关于……的通知”")
        ]
    return []


@layout_rule("LAYOUT_MAIN_RECIPIENT", "error", "body")
def main_recipient(sheet: Sheet) -> list[Miss]:
    if sheet.parts.title and sheet.draft.kind in NEEDS_MAIN and sheet.parts.main_recipients is None:
        first = sheet.parts.body[0].where if sheet.parts.body else "标题之后"
        return [Miss(first, "主送机关应在标题下空一行居左顶格，回行仍顶格，最后一个机关名称后标全角冒号")]
    return []


@layout_rule("LAYOUT_HEADING_SEQUENCE", "error", "body")
def heading_sequence(sheet: Sheet) -> list[Miss]:
    by_text = {p.text.strip(): p for p in sheet.parts.body}
    gap = sequence_gap(headings_of(p.text.strip() for p in sheet.parts.body))
    if gap is None:
        return []
    heading, expected = gap
    return [Miss(by_text[heading.text].where, f"结构层次序数应连续编排，此处应为“{expected}”")]


@layout_rule("LAYOUT_HALF_WIDTH", "error", "body", fixable=True)
def half_width(sheet: Sheet) -> list[Miss]:
    misses = []
    for para in sheet.parts.body:
        text = (
            re.sub(r"^附\s*件\s*[：:]", "", para.text.strip())
            if para in sheet.parts.note
            else para.text.strip()
        )
        found = HALF_WIDTH_THIRD.match(text)
        if found:
            misses.append(
                Miss(para.where, f"序号应使用全角点，写作“{found.group(1)}．”，不用半角“{found.group(1)}.”")
            )
    return misses


@layout_rule("LAYOUT_ATTACHMENT_NOTE", "error", "body")
def attachment_note(sheet: Sheet) -> list[Miss]:
    noted, pages = len(sheet.parts.note), len(sheet.parts.attachments)
    if noted == pages:
        return []
    where = sheet.parts.note[0].where if sheet.parts.note else "正文之后"
    return [Miss(where, f"附件说明列出{noted}个附件，文中附件{pages}个（“附件1”“附件2”……），应一一对应")]


@layout_rule("LAYOUT_SIGNATURE", "error", "body")
def signature(sheet: Sheet) -> list[Miss]:
    parts = sheet.parts
    if not parts.title:
        return []
    if parts.date is None:
        return [
            Miss("正文之后", "正文（或附件说明）之下应有发文机关署名和成文日期，成文日期如“2022年1月5日”")
        ]
    if parts.signature is None or "。" in parts.signature.text or len(compact(parts.signature.text)) > 40:
        return [Miss(parts.date.where, "成文日期之上应有发文机关署名（发文机关全称或规范化简称）")]
    return []


@layout_rule("LAYOUT_DATE_FORM", "error", "body")
def date_form(sheet: Sheet) -> list[Miss]:
    date = sheet.parts.date
    found = WELL_FORMED.fullmatch(compact(date.text)) if date else None
    if date is None or (found and not found.group(2).startswith("0") and not found.group(3).startswith("0")):
        return []
    return [Miss(date.where, "成文日期应使用阿拉伯数字，年份写全，月、日不编虚位，如“2022年1月5日”")]


@layout_rule("LAYOUT_COLOPHON", "error", "colophon")
def colophon(sheet: Sheet) -> list[Miss]:
    lines = [compact(p.text) for p in sheet.parts.colophon]
    misses = []
    if sheet.draft.cc_recipients and not any(re.match(r"^抄送[：:]", line) for line in lines):
        misses.append(Miss("版记", "有抄送机关的，应在版记中标注“抄送：”及抄送机关名称，末尾标句号"))
    if sheet.parts.title and not any(IMPRINT.search(line) for line in lines):
        misses.append(Miss("版记", "版记应有印发机关和印发日期，如“X厅办公室　　2022年1月5日印发”"))
    return misses
