"""正文: what the 条例 asks of each kind's text, and the heading numbering of GB/T 9704-2012, 7.3.3."""

import re

from services.docs.format_check.engine import Draft, rule
from services.docs.format_check.headings import HALF_WIDTH_THIRD, headings_of, sequence_gap
from services.docs.format_check.text import compact, lines

ONE_MATTER_SIGNALS = ("并请", "同时请示", "一并请示", "另请示", "另外请示", "另请")
CLOSING = re.compile(r"请予?(批示|审批|批复|批准|审定|核准|示复)")
REQUEST_WORDING = re.compile(r"妥否|当否|请予?(批示|审批|批复|批准)")
CN = "一二三四五六七八九十"
REQUEST_VERB = "申请|请求|恳请|请予|批准|审批|核准|同意"
TWO_REQUESTS = re.compile(
    rf"(?:{REQUEST_VERB})[^，。；,;]{{1,30}}?(?:以及|和|及|并|同时)(?:{REQUEST_VERB}|拨付|增加|购置|解决|增设)"
)
SOURCE_TITLE = re.compile(r"《[^》]+》")
SOURCE_NUMBER = re.compile(r"〔\d{4}〕\d+号")
HEADINGS = (
    (re.compile(rf"^[{CN}]+[.．，,]"), "第一层序数应写作“一、”"),
    (re.compile(rf"^[(（][{CN}]+[)）][、，,.．]"), "第二层序数“（一）”后不加标点"),
    (re.compile(rf"^\([{CN}]+\)|^\([{CN}]+）|^（[{CN}]+\)"), "第二层序数应使用全角括号，写作“（一）”"),
    (re.compile(r"^\d+、"), "第三层序数应写作“1．”，不用“1、”"),
    (re.compile(r"^\(\d+\)"), "第四层序数应使用全角括号，写作“（1）”"),
)


@rule("BODY_MISSING", "error", "body")
def body_missing(draft: Draft) -> str | None:
    if not compact(draft.body):
        return "正文不能为空"
    return None


@rule("REQUEST_ONE_MATTER", "error", "body")
def request_one_matter(draft: Draft) -> str | None:
    if draft.kind != "request":
        return None
    text = compact(draft.body)
    signal = next((s for s in ONE_MATTER_SIGNALS if s in text), None)
    several = (
        compact(draft.title).count("关于") > 1 or len(re.findall(r"特此请示|现请示如下|特请示", text)) > 1
    )
    if signal or several:
        found = f"（“{signal}”）" if signal else ""
        return f"请示应当一文一事{found}，多个请示事项应分别行文"
    return None


@rule("REQUEST_TWO_MATTERS", "error", "body")
def request_two_matters(draft: Draft) -> str | None:
    if draft.kind != "request":
        return None
    found = TWO_REQUESTS.search(compact(draft.title)) or TWO_REQUESTS.search(compact(draft.body))
    if found:
        return f"请示应当一文一事，“{found.group(0)}”请求了两件事项，应分别行文"
    return None


@rule("REQUEST_CLOSING", "warning", "body")
def request_closing(draft: Draft) -> str | None:
    if draft.kind == "request" and compact(draft.body) and not CLOSING.search(compact(draft.body)):
        return "请示应以请求性用语结尾，如“妥否，请批示”或“当否，请批复”"
    return None


@rule("REPORT_WITH_REQUEST", "error", "body")
def report_with_request(draft: Draft) -> str | None:
    found = REQUEST_WORDING.search(compact(draft.body))
    if draft.kind == "report" and found:
        return f"报告中不得夹带请示事项（“{found.group(0)}”），需要批准的事项应另行请示"
    return None


@rule("LETTER_REQUEST_WORDING", "warning", "body")
def letter_request_wording(draft: Draft) -> str | None:
    found = re.search(r"请批示|妥否|请示如下", compact(draft.body))
    if draft.kind == "letter" and found:
        return f"函不使用“{found.group(0)}”等请示用语，可用“请予研究函复”“请予支持”等"
    return None


@rule("REPLY_REFERENCE", "warning", "body")
def reply_reference(draft: Draft) -> str | None:
    if draft.kind == "reply" and compact(draft.body) and "收悉" not in draft.body:
        return "批复开头应引述来文，如“你单位《关于……的请示》（X发〔2022〕1号）收悉”"
    return None


@rule("REPLY_SOURCE", "error", "body")
def reply_source(draft: Draft) -> str | None:
    text = compact(draft.body)
    if draft.kind != "reply" or not text:
        return None
    missing = [
        name for name, p in (("标题", SOURCE_TITLE), ("发文字号", SOURCE_NUMBER)) if not p.search(text)
    ]
    if missing:
        return (
            f"批复、复函应引述所答复的来文（缺少来文{'和'.join(missing)}），"
            "如“你单位《关于……的请示》（X发〔2022〕1号）收悉”"
        )
    return None


@rule("HEADING_NUMBERING", "warning", "body")
def heading_numbering(draft: Draft) -> str | None:
    for line in lines(draft.body):
        for pattern, message in HEADINGS:
            if pattern.match(line):
                return f"结构层次序数依次为“一、”“（一）”“1．”“（1）”：{message}（“{line[:12]}”）"
    return None


@rule("HEADING_HALF_WIDTH", "error", "body")
def heading_half_width(draft: Draft) -> str | None:
    for line in lines(draft.body):
        found = HALF_WIDTH_THIRD.match(line)
        if found:
            number = found.group(1)
            return f"第三层序数应使用全角点，写作“{number}．”，不用半角“{number}.”（“{line[:12]}”）"
    return None


@rule("HEADING_SEQUENCE", "error", "body")
def heading_sequence(draft: Draft) -> str | None:
    gap = sequence_gap(headings_of(lines(draft.body)))
    if gap:
        heading, expected = gap
        return f"结构层次序数应连续编排，“{heading.text[:12]}”处应为“{expected}”"
    return None
