"""主送机关 and 抄送机关 (GB/T 9704-2012, 7.3.2 and 8.1; 条例 第十五、十六条)."""

import re

from services.docs.format_check.engine import Draft, rule
from services.docs.format_check.text import compact

NEEDS_MAIN = ("notice", "request", "report", "letter", "reply")
UPWARD = ("request", "report")
LOWER_BODY = re.compile(r"^各|(市|县|区)局$|分局$|处室?$|直属单位|下属单位|所属单位")
PERSON = re.compile(r"(同志|厅长|局长|处长|主任|书记|省长|市长|部长|秘书长)$")


@rule("MAIN_RECIPIENT_MISSING", "error", "main_recipients")
def main_recipient_missing(draft: Draft) -> str | None:
    if draft.kind in NEEDS_MAIN and not [r for r in draft.main_recipients if r.strip()]:
        return "请示、报告、函、批复、通知等应标注主送机关，如“各市局、厅机关各处室”"
    return None


@rule("REQUEST_ONE_RECIPIENT", "error", "main_recipients")
def request_one_recipient(draft: Draft) -> str | None:
    if draft.kind == "request" and len(draft.main_recipients) > 1:
        return "请示一般只写一个主送机关，需要同时送其他机关的应当用抄送形式"
    return None


@rule("UPWARD_TO_PERSON", "warning", "main_recipients")
def upward_to_person(draft: Draft) -> str | None:
    if draft.kind in UPWARD:
        for name in draft.main_recipients:
            if PERSON.search(compact(name)):
                return f"请示、报告应主送上级机关，除领导直接交办事项外不得直接报送领导者个人（“{name}”）"
    return None


@rule("CC_IS_MAIN", "error", "cc_recipients")
def cc_is_main(draft: Draft) -> str | None:
    main = {compact(r) for r in draft.main_recipients}
    both = [r for r in draft.cc_recipients if compact(r) in main]
    if both:
        return f"“{both[0]}”已列为主送机关，不应再列入抄送机关"
    return None


@rule("RECIPIENT_DUPLICATE", "warning", "main_recipients")
def recipient_duplicate(draft: Draft) -> str | None:
    for names in (draft.main_recipients, draft.cc_recipients):
        seen: set[str] = set()
        for name in names:
            key = compact(name)
            if key in seen:
                return f"“{name}”重复列出，请删去重复的主送或抄送机关"
            seen.add(key)
    return None


@rule("REQUEST_CC_LOWER", "error", "cc_recipients")
def request_cc_lower(draft: Draft) -> str | None:
    if draft.kind != "request":
        return None
    for name in draft.cc_recipients:
        if compact(name) in draft.own_units or LOWER_BODY.search(compact(name)):
            return f"请示不得抄送下级机关（“{name}”），请从抄送机关中删去"
    return None
