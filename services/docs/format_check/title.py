"""标题: present, not ending in punctuation, not over-long, naming its kind (GB/T 9704-2012, 7.3.1)."""

import re

from services.docs.format_check.engine import Draft, rule
from services.docs.format_check.text import END_PUNCTUATION, KIND_LABELS, KIND_NAMES, compact

TITLE_MAX = 50
INNER_PUNCTUATION = re.compile(r"[，,：:；;。！？!?“”\"‘’'…—·]")
BOOK_TITLE = re.compile(r"《[^》]*》")


def _outside_book_marks(title: str) -> str:
    """The title without the names in 书名号 (a law's name keeps its own punctuation)."""
    return BOOK_TITLE.sub("", title)


@rule("TITLE_MISSING", "error", "title")
def title_missing(draft: Draft) -> str | None:
    if not compact(draft.title):
        return "公文标题不能为空，应由发文机关名称、事由和文种组成，如“关于做好安全检查工作的通知”"
    return None


@rule("TITLE_END_PUNCT", "error", "title")
def title_end_punct(draft: Draft) -> str | None:
    title = draft.title.strip()
    if title and title[-1] in END_PUNCTUATION:
        return f"公文标题末尾不加标点符号，请删去“{title[-1]}”"
    return None


@rule("TITLE_INNER_PUNCT", "error", "title")
def title_inner_punct(draft: Draft) -> str | None:
    found = INNER_PUNCTUATION.search(_outside_book_marks(draft.title.strip()[:-1]))
    if found:
        return f"公文标题中除法规、规章名称加书名号外一般不用标点符号，请删去“{found.group(0)}”"
    return None


@rule("TITLE_ENUMERATION_COMMA", "warning", "title")
def title_enumeration_comma(draft: Draft) -> str | None:
    if "、" in _outside_book_marks(draft.title):
        return "公文标题中并列词语之间的顿号可保留，但宜精简标题，尽量不用标点符号"
    return None


@rule("TITLE_TOO_LONG", "warning", "title")
def title_too_long(draft: Draft) -> str | None:
    length = len(compact(draft.title))
    if length > TITLE_MAX:
        return f"公文标题过长（{length}字），应准确简要地概括主要内容，一般不超过{TITLE_MAX}字"
    return None


@rule("TITLE_KIND", "warning", "title")
def title_kind(draft: Draft) -> str | None:
    names = KIND_NAMES.get(draft.kind)
    title = draft.title.strip().rstrip(END_PUNCTUATION)
    if names and title and not title.endswith(names):
        return f"公文标题应以文种“{KIND_LABELS[draft.kind]}”结尾，如“关于……的{KIND_LABELS[draft.kind]}”"
    return None


@rule("TITLE_MIXED_KIND", "error", "title")
def title_mixed_kind(draft: Draft) -> str | None:
    if re.search(r"请示报告|报告请示", compact(draft.title)):
        return "“请示”与“报告”是不同文种，不得混用为“请示报告”：请求批准用请示，汇报工作用报告"
    return None
