"""Text helpers the rules share."""

import re

CN_DIGITS = "〇零一二三四五六七八九十"
END_PUNCTUATION = "。，、；：！？,.;:!?…"
KIND_NAMES = {
    "notice": ("通知",),
    "request": ("请示",),
    "report": ("报告",),
    "letter": ("函",),
    "reply": ("批复", "复函"),
    "opinion": ("意见",),
    "decision": ("决定",),
    "minutes": ("纪要",),
}
KIND_LABELS = {
    "notice": "通知",
    "request": "请示",
    "report": "报告",
    "letter": "函",
    "reply": "批复",
    "opinion": "意见",
    "decision": "决定",
    "minutes": "纪要",
}


def compact(text: str) -> str:
    """Without any whitespace (full-width spaces included)."""
    return re.sub(r"\s+", "", text)


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()]
