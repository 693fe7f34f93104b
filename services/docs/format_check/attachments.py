"""附件说明: `附件：1．××××` in the body, matching the attachments (GB/T 9704-2012, 7.3.6)."""

import re
from dataclasses import dataclass

from services.docs.format_check.engine import Draft, rule
from services.docs.format_check.text import END_PUNCTUATION, compact, lines

NOTE = re.compile(r"^附\s*件\s*([：:])\s*(.*)$")
ITEM = re.compile(r"^(\d+)\s*([．.、,，]?)\s*(.*)$")


@dataclass(frozen=True)
class Note:
    colon: str
    items: list[tuple[str | None, str | None, str]]  # (number, separator, title)


def parse_note(body: str) -> Note | None:
    """The 附件说明 in a body: the line starting `附件：` and the numbered lines under it."""
    rows = lines(body)
    for index, line in enumerate(rows):
        found = NOTE.match(line)
        if not found:
            continue
        items: list[tuple[str | None, str | None, str]] = []
        first = found.group(2).strip()
        if first:
            items.append(_item(first))
        for following in rows[index + 1 :]:
            numbered = ITEM.match(following)
            if not following or not numbered or not numbered.group(2):
                break
            items.append(_item(following))
        return Note(colon=found.group(1), items=items)
    return None


def _item(text: str) -> tuple[str | None, str | None, str]:
    numbered = ITEM.match(text)
    if numbered and numbered.group(2):
        return numbered.group(1), numbered.group(2), numbered.group(3).strip()
    return None, None, text.strip()


@rule("ATTACHMENT_NOTE_MISSING", "error", "body")
def attachment_note_missing(draft: Draft) -> str | None:
    if draft.attachments and parse_note(draft.body) is None:
        return "公文有附件的，应在正文之后标注附件说明，如“附件：1．××××”"
    return None


@rule("ATTACHMENT_NOTE_COLON", "error", "body")
def attachment_note_colon(draft: Draft) -> str | None:
    note = parse_note(draft.body)
    if note and note.colon != "：":
        return "附件说明中“附件”后应使用全角冒号“：”，如“附件：1．××××”"
    return None


@rule("ATTACHMENT_NOTE_NUMBERING", "error", "body")
def attachment_note_numbering(draft: Draft) -> str | None:
    note = parse_note(draft.body)
    if note is None or len(note.items) < 2:
        return None
    for position, (number, separator, _title) in enumerate(note.items, start=1):
        if number != str(position) or separator not in ("．", "."):
            return "有多个附件时应使用阿拉伯数字按顺序标注序号，序号后用“．”，如“附件：1．××××”“2．××××”"
    return None


@rule("ATTACHMENT_NOTE_HALF_WIDTH", "error", "body")
def attachment_note_half_width(draft: Draft) -> str | None:
    note = parse_note(draft.body)
    for number, separator, title in note.items if note else []:
        if separator == ".":
            return f"附件序号后应使用全角点“．”，写作“{number}．{title}”，不用半角“{number}.”"
    return None


@rule("ATTACHMENT_NOTE_PUNCT", "error", "body")
def attachment_note_punct(draft: Draft) -> str | None:
    note = parse_note(draft.body)
    for _number, _separator, title in note.items if note else []:
        if title and title[-1] in END_PUNCTUATION:
            return f"附件名称后不加标点符号，请删去“{title}”末尾的“{title[-1]}”"
    return None


@rule("ATTACHMENT_COUNT_MISMATCH", "error", "attachments")
def attachment_count_mismatch(draft: Draft) -> str | None:
    note = parse_note(draft.body)
    noted = len(note.items) if note else 0
    if (note or draft.attachments) and noted != len(draft.attachments):
        return f"附件说明列出{noted}个附件，实际附件{len(draft.attachments)}个，应一一对应"
    return None


@rule("ATTACHMENT_TITLE_MISMATCH", "error", "attachments")
def attachment_title_mismatch(draft: Draft) -> str | None:
    note = parse_note(draft.body)
    if note is None or len(note.items) != len(draft.attachments):
        return None
    for (_number, _separator, noted), actual in zip(note.items, draft.attachments, strict=True):
        if compact(noted).rstrip(END_PUNCTUATION) != compact(actual):
            return f"附件说明中的“{noted}”与附件名称“{actual}”不一致，名称和顺序应与附件一致"
    return None
