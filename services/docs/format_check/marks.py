"""版头 marks: 密级和保密期限, 紧急程度, 签发人 (GB/T 9704-2012, 7.2.2, 7.2.3, 7.2.5)."""

import re

from services.docs.format_check.engine import Draft, rule

PERIOD = re.compile(r"★?\s*(?:(\d+)年|(\d+)个月|长期)")
MAX_YEARS = {"secret": 10, "confidential": 20, "top_secret": 30}
LEVEL_NAMES = {"secret": "秘密", "confidential": "机密", "top_secret": "绝密"}


@rule("SECRECY_PERIOD_MISSING", "error", "secrecy_period")
def secrecy_period_missing(draft: Draft) -> str | None:
    if draft.classification != "none" and not (draft.secrecy_period or "").strip():
        level = LEVEL_NAMES.get(draft.classification, "")
        return f"涉密公文应同时标注密级和保密期限，如“{level}★1年”"
    return None


@rule("SECRECY_LEVEL_MISSING", "error", "classification")
def secrecy_level_missing(draft: Draft) -> str | None:
    if draft.classification == "none" and (draft.secrecy_period or "").strip():
        return "标注了保密期限的公文应同时标注密级（秘密、机密或绝密）；非涉密公文不标保密期限"
    return None


@rule("SECRECY_PERIOD_FORMAT", "error", "secrecy_period")
def secrecy_period_format(draft: Draft) -> str | None:
    period = (draft.secrecy_period or "").strip()
    if period and not PERIOD.fullmatch(period):
        return "保密期限应使用阿拉伯数字写作“1年”“6个月”或“长期”，如“机密★1年”"
    return None


@rule("SECRECY_PERIOD_LIMIT", "error", "secrecy_period")
def secrecy_period_limit(draft: Draft) -> str | None:
    found = PERIOD.fullmatch((draft.secrecy_period or "").strip())
    limit = MAX_YEARS.get(draft.classification)
    if found and limit and found.group(1) and int(found.group(1)) > limit:
        return f"{LEVEL_NAMES[draft.classification]}级事项保密期限一般不超过{limit}年，请核对"
    return None


@rule("URGENCY_MARK_MISSING", "error", "urgency")
def urgency_mark_missing(draft: Draft) -> str | None:
    if draft.urgency == "normal" and re.search(r"紧急|特急|加急", draft.title):
        return "紧急公文应标注紧急程度（“特急”或“加急”），请设置紧急程度"
    return None


@rule("SIGNER_MISSING", "error", "signer")
def signer_missing(draft: Draft) -> str | None:
    if draft.kind in ("request", "report") and not (draft.signer or "").strip():
        return "上报的请示、报告应标注签发人姓名，请填写签发人"
    return None
