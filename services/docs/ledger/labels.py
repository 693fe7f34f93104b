"""The office's words for the codes the service stores, as its ledgers print them."""

from collections.abc import Iterable

from services.docs.format_check.text import KIND_LABELS
from services.docs.outgoing.service import STATUS_NAMES

CHANNEL = {"oa": "OA系统", "intranet": "内网", "paper": "纸质", "email": "邮箱", "courier": "机要"}
CLASSIFICATION = {"none": "非密", "secret": "秘密", "confidential": "机密", "top_secret": "绝密"}
URGENCY = {"normal": "平件", "urgent": "加急", "very_urgent": "特急"}
INCOMING_STATUS = {"registered": "已登记", "assigned": "办理中", "completed": "已办结"}
OUTGOING_KIND = KIND_LABELS
OUTGOING_STATUS = STATUS_NAMES
SUPERVISION_SOURCE = {"instruction": "领导批示", "meeting": "会议", "document": "文件",
                      "rectification": "问题整改", "public_opinion": "群众意见建议"}  # fmt: skip
SUPERVISION_STATUS = {"open": "办理中", "completed": "已办结"}
YES_NO = {True: "是", False: "否"}


def label(words: dict[str, str], code: str | None) -> str | None:
    """The office's word for a code (the code itself when it has none)."""
    return None if code is None else words.get(code, code)


def codes(words: dict[str, str]) -> dict[str, str]:
    """Word → code, for reading a ledger back."""
    return {word: code for code, word in words.items()}


def names(units: dict[str, str], codes_: Iterable[str] | None) -> str | None:
    """Unit names joined as the office writes a list (、); unknown codes as they are."""
    listed = [units.get(code, code) for code in codes_ or ()]
    return "、".join(listed) or None
