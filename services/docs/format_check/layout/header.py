"""版头: 份号, 密级和保密期限, 紧急程度, 发文机关标志, 发文字号, 签发人 and the red separator line
(GB/T 9704-2012, 7.2), as far as the paragraphs show them."""

import re

from services.docs.format_check.layout.reader import Para
from services.docs.format_check.layout.rules import Miss, Sheet, layout_rule
from services.docs.format_check.text import compact

COPY_NUMBER = re.compile(r"^\d{6}$")
SECRECY = re.compile(r"(秘密|机密|绝密)")
URGENCY = re.compile(r"(特急|加急)")
LEVEL_NAMES = {"secret": "秘密", "confidential": "机密", "top_secret": "绝密"}
UPWARD = ("request", "report")


def _first(header: list[Para], pattern: re.Pattern[str]) -> Para | None:
    return next((p for p in header if pattern.search(compact(p.text))), None)


def _issuer_mark(sheet: Sheet) -> Para | None:
    """The 发文机关标志: the first header paragraph that is no mark, number or 签发人."""
    marks = (COPY_NUMBER, SECRECY, URGENCY, re.compile("签发人"), re.compile(r"〔.*〕|号$"))
    return next((p for p in sheet.parts.header if not any(m.search(compact(p.text)) for m in marks)), None)


@layout_rule("LAYOUT_COPY_NUMBER", "error", "header")
def copy_number(sheet: Sheet) -> list[Miss]:
    if sheet.draft.classification != "none" and _first(sheet.parts.header, COPY_NUMBER) is None:
        return [Miss("版头", "涉密公文应在版心左上角第一行标注份号（6位阿拉伯数字，如000001）")]
    return []


@layout_rule("LAYOUT_SECRECY_MARK", "error", "header")
def secrecy_mark(sheet: Sheet) -> list[Miss]:
    level = LEVEL_NAMES.get(sheet.draft.classification)
    found = _first(sheet.parts.header, SECRECY)
    if level and (found is None or level not in found.text):
        return [Miss("版头", f"涉密公文应在版心左上角份号之下标注密级和保密期限，如“{level}★1年”")]
    return []


@layout_rule("LAYOUT_URGENCY_MARK", "error", "header")
def urgency_mark(sheet: Sheet) -> list[Miss]:
    wanted = {"urgent": "加急", "very_urgent": "特急"}.get(sheet.draft.urgency)
    found = _first(sheet.parts.header, URGENCY)
    if wanted and (found is None or wanted not in found.text):
        return [Miss("版头", f"紧急公文应在版心左上角（份号、密级之下）标注紧急程度“{wanted}”")]
    return []


@layout_rule("LAYOUT_MARK_ORDER", "error", "header")
def mark_order(sheet: Sheet) -> list[Miss]:
    found = [_first(sheet.parts.header, p) for p in (COPY_NUMBER, SECRECY, URGENCY)]
    numbers = [p.number for p in found if p is not None]
    if numbers != sorted(numbers):
        return [Miss("版头", "版头左上角自上而下依次为份号、密级和保密期限、紧急程度")]
    return []


@layout_rule("LAYOUT_HEADER_MISSING", "warning", "header")
def header_missing(sheet: Sheet) -> list[Miss]:
    if sheet.parts.title and not sheet.parts.header:
        return [Miss("版头", "未见版头：印制前应在标题之上加发文机关标志、发文字号和红色分隔线")]
    return []


@layout_rule("LAYOUT_ISSUER_MARK", "error", "header")
def issuer_mark(sheet: Sheet) -> list[Miss]:
    if not sheet.parts.header:
        return []
    mark = _issuer_mark(sheet)
    if mark is None:
        return [Miss("版头", "版头应有发文机关标志（发文机关全称或规范化简称，可加“文件”二字）")]
    red = all((r.look.color or "").upper() in ("FF0000", "RED") for r in mark.runs if r.text.strip())
    if mark.align != "center" or not red:
        return [Miss(mark.where, "发文机关标志应居中排布，使用红色小标宋体字")]
    return []


@layout_rule("LAYOUT_DOC_NUMBER_PLACE", "error", "header")
def doc_number_place(sheet: Sheet) -> list[Miss]:
    doc_no = sheet.parts.doc_no
    if doc_no is None or sheet.draft.kind in UPWARD or doc_no.align == "center":
        return []
    return [Miss(doc_no.where, "发文字号应在发文机关标志下空二行居中排布")]


@layout_rule("LAYOUT_SIGNER_MARK", "error", "header")
def signer_mark(sheet: Sheet) -> list[Miss]:
    if (
        sheet.draft.kind in UPWARD
        and sheet.parts.header
        and "签发人" not in "".join(p.text for p in sheet.parts.header)
    ):
        return [Miss("版头", "上行文应标注签发人：发文字号居左空一字，“签发人：”及姓名居右空一字，同处一行")]
    return []


@layout_rule("LAYOUT_RED_LINE", "warning", "header")
def red_line(sheet: Sheet) -> list[Miss]:
    if not sheet.parts.header or not sheet.parts.title:
        return []
    before_title = [p for p in sheet.layout.paras if p.number < sheet.parts.title[0].number]
    if not any(p.red_rule for p in before_title):
        return [Miss("版头", "发文字号之下4mm处应有一条与版心等宽的红色分隔线")]
    return []
