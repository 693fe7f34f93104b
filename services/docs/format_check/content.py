"""正文: what the 条例 asks of each kind's text, and the heading numbering of GB/T 9704-2012, 7.3.3."""

import re

from services.docs.format_check.engine import Draft, rule
from services.docs.format_check.text import compact, lines

ONE_MATTER_SIGNALS = ("并请", "同时请示", "一并请示", "另请示", "另外请示", "另请")
CLOSING = re.compile(r"请予?(批示|审批|批复|批准|审定|核准|示复)")
REQUEST_WORDING = re.compile(r"妥否|当否|请予?(批示|审批|批复|批准)")
CN = "一二三四五六七八九十"
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


@rule("HEADING_NUMBERING", "warning", "body")
def heading_numbering(draft: Draft) -> str | None:
    for line in lines(draft.body):
        for pattern, message in HEADINGS:
            if pattern.match(line):
                return f"结构层次序数依次为“一、”“（一）”“1．”“（1）”：{message}（“{line[:12]}”）"
    return None
