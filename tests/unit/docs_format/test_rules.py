"""Each format rule: a document that breaks it, and one that passes it (pure functions, no I/O)."""

from dataclasses import replace
from typing import Any

import pytest

from services.docs.format_check import RULES, Draft, check, has_errors
from services.docs.format_check.attachments import parse_note

NOTICE = Draft(
    title="关于开展2022年安全生产检查的通知",
    kind="notice",
    issuer_code="X厅办发",
    main_recipients=("各市局", "厅机关各处室"),
    cc_recipients=("省应急管理厅",),
    body=(
        "各市局、厅机关各处室：\n"
        "　　现将有关事项通知如下。\n"
        "　　一、检查范围\n"
        "　　（一）办公区域。\n"
        "　　1．门窗水电。\n"
        "　　（1）每周巡查。\n"
        "\n"
        "附件：1．检查表\n"
        "　　　2．联系人名单\n"
    ),
    attachments=("检查表", "联系人名单"),
    doc_no="X厅办发〔2022〕17号",
    signed_date="2022年1月5日",
)
REQUEST = replace(
    NOTICE,
    kind="request",
    title="关于开展安全生产专项检查的请示",
    main_recipients=("省政府",),
    cc_recipients=(),
    signer="张三",
    body="省政府：\n　　为做好安全生产工作，拟开展专项检查。\n　　妥否，请批示。",
    attachments=(),
)
REPORT = replace(
    REQUEST, kind="report", title="关于2022年安全生产工作情况的报告", body="省政府：\n　　现将情况报告如下。"
)
LETTER = replace(
    NOTICE,
    kind="letter",
    title="关于商请支持安全检查的函",
    body="省应急管理厅：\n　　请予支持。",
    attachments=(),
)
REPLY = replace(
    NOTICE,
    kind="reply",
    title="关于同意开展安全检查的批复",
    body="南宁市局：\n　　你局《关于开展安全检查的请示》（南局发〔2022〕3号）收悉。经研究，同意。",
    attachments=(),
)
SECRET = replace(NOTICE, classification="secret", secrecy_period="1年")

# code: (the base, what breaks the rule, what passes it on the same base)
CASES: dict[str, tuple[Draft, dict[str, Any], dict[str, Any]]] = {
    "ISSUER_CODE_FORMAT": (NOTICE, {"issuer_code": "X厅办发〔2022〕"}, {"issuer_code": "X厅办发"}),
    "DOCNO_BRACKETS": (NOTICE, {"doc_no": "X厅办发[2022]17号"}, {"doc_no": "X厅办发〔2022〕17号"}),
    "DOCNO_YEAR": (NOTICE, {"doc_no": "X厅办发〔22〕17号"}, {"doc_no": "X厅办发〔2022〕17号"}),
    "DOCNO_SEQUENCE": (NOTICE, {"doc_no": "X厅办发〔2022〕十七号"}, {"doc_no": "X厅办发〔2022〕17号"}),
    "DOCNO_LEADING_ZERO": (NOTICE, {"doc_no": "X厅办发〔2022〕017号"}, {"doc_no": "X厅办发〔2022〕170号"}),
    "DOCNO_NO_DI": (NOTICE, {"doc_no": "X厅办发〔2022〕第17号"}, {"doc_no": "X厅办发〔2022〕17号"}),
    "DOCNO_SUFFIX": (NOTICE, {"doc_no": "X厅办发〔2022〕17"}, {"doc_no": "X厅办发〔2022〕17号"}),
    "DOCNO_ISSUER": (NOTICE, {"doc_no": "Y厅发〔2022〕17号"}, {"doc_no": "X厅办发〔2022〕17号"}),
    "DOCNO_YEAR_MISMATCH": (NOTICE, {"signed_date": "2023年1月5日"}, {"signed_date": "2022年12月31日"}),
    "DATE_CN_NUMERALS": (NOTICE, {"signed_date": "二〇二二年一月五日"}, {"signed_date": "2022年1月5日"}),
    "DATE_FORMAT": (NOTICE, {"signed_date": "2022-01-05"}, {"signed_date": "2022年10月15日"}),
    "DATE_LEADING_ZERO": (NOTICE, {"signed_date": "2022年01月05日"}, {"signed_date": "2022年1月5日"}),
    "DATE_INVALID": (NOTICE, {"signed_date": "2022年2月30日"}, {"signed_date": "2022年2月28日"}),
    "BODY_DATE_CN_NUMERALS": (
        NOTICE,
        {"body": NOTICE.body + "\n二〇二二年一月五日"},
        {"body": NOTICE.body + "\n2022年1月5日"},
    ),
    "TITLE_MISSING": (NOTICE, {"title": "　 "}, {"title": "关于开展检查的通知"}),
    "TITLE_END_PUNCT": (NOTICE, {"title": "关于开展检查的通知。"}, {"title": "关于开展检查的通知"}),
    "TITLE_INNER_PUNCT": (
        NOTICE,
        {"title": "关于做好政务信息，信息公开工作的通知"},
        {"title": "关于学习《中华人民共和国保守国家秘密法》的通知"},
    ),
    "TITLE_ENUMERATION_COMMA": (
        NOTICE,
        {"title": "关于做好政务信息、信息公开工作的通知"},
        {"title": "关于印发《政务信息、信息公开工作办法》的通知"},
    ),
    "TITLE_TOO_LONG": (
        NOTICE,
        {"title": "关于" + "安全" * 25 + "的通知"},
        {"title": "关于" + "安全" * 22 + "的通知"},
    ),
    "TITLE_KIND": (NOTICE, {"title": "关于开展安全检查"}, {"title": "关于开展安全检查的通知"}),
    "TITLE_MIXED_KIND": (
        REQUEST,
        {"title": "关于开展安全检查的请示报告"},
        {"title": "关于开展安全检查的请示"},
    ),
    "MAIN_RECIPIENT_MISSING": (LETTER, {"main_recipients": ()}, {"main_recipients": ("省应急管理厅",)}),
    "REQUEST_ONE_RECIPIENT": (
        REQUEST,
        {"main_recipients": ("省政府", "省委")},
        {"main_recipients": ("省政府",)},
    ),
    "UPWARD_TO_PERSON": (REPORT, {"main_recipients": ("王厅长",)}, {"main_recipients": ("省政府",)}),
    "CC_IS_MAIN": (NOTICE, {"cc_recipients": ("各市局",)}, {"cc_recipients": ("省政府办公厅",)}),
    "RECIPIENT_DUPLICATE": (
        NOTICE,
        {"main_recipients": ("各市局", "各市局")},
        {"main_recipients": ("各市局",)},
    ),
    "ATTACHMENT_NOTE_MISSING": (
        NOTICE,
        {"body": "各市局：\n　　现将检查表印发给你们。"},
        {"body": "各市局：\n　　现将检查表印发给你们。\n\n附件：1．检查表\n　　　2．联系人名单"},
    ),
    "ATTACHMENT_NOTE_COLON": (
        NOTICE,
        {"body": "正文。\n附件:1．检查表\n2．联系人名单"},
        {"body": "正文。\n附件：1．检查表\n2．联系人名单"},
    ),
    "ATTACHMENT_NOTE_NUMBERING": (
        NOTICE,
        {"body": "正文。\n附件：1、检查表\n3、联系人名单"},
        {"body": "正文。\n附件：1．检查表\n2．联系人名单"},
    ),
    "ATTACHMENT_NOTE_HALF_WIDTH": (
        NOTICE,
        {"body": "正文。\n附件：1.检查表\n2.联系人名单"},
        {"body": "正文。\n附件：1．检查表\n2．联系人名单"},
    ),
    "ATTACHMENT_NOTE_PUNCT": (
        NOTICE,
        {"body": "正文。\n附件：1．检查表；\n2．联系人名单。"},
        {"body": "正文。\n附件：1．检查表\n2．联系人名单"},
    ),
    "ATTACHMENT_COUNT_MISMATCH": (
        NOTICE,
        {"attachments": ("检查表",)},
        {"attachments": ("检查表", "联系人名单")},
    ),
    "ATTACHMENT_TITLE_MISMATCH": (
        NOTICE,
        {"attachments": ("联系人名单", "检查表")},
        {"attachments": ("检查表", "联系人名单")},
    ),
    "SECRECY_PERIOD_MISSING": (SECRET, {"secrecy_period": None}, {"secrecy_period": "1年"}),
    "SECRECY_LEVEL_MISSING": (NOTICE, {"secrecy_period": "1年"}, {"secrecy_period": None}),
    "SECRECY_PERIOD_FORMAT": (SECRET, {"secrecy_period": "一年"}, {"secrecy_period": "6个月"}),
    "SECRECY_PERIOD_LIMIT": (SECRET, {"secrecy_period": "15年"}, {"secrecy_period": "10年"}),
    "URGENCY_MARK_MISSING": (
        NOTICE,
        {"title": "关于开展安全检查的紧急通知"},
        {"title": "关于开展安全检查的紧急通知", "urgency": "urgent"},
    ),
    "SIGNER_MISSING": (REPORT, {"signer": None}, {"signer": "张三"}),
    "BODY_MISSING": (NOTICE, {"body": " \n ", "attachments": ()}, {"body": "正文。", "attachments": ()}),
    "REQUEST_ONE_MATTER": (
        REQUEST,
        {"body": REQUEST.body.replace("妥否", "并请同意增加经费。妥否")},
        {"body": REQUEST.body},
    ),
    "REQUEST_TWO_MATTERS": (
        REQUEST,
        {"title": "关于申请增加经费和批准购置车辆的请示"},
        {"title": "关于申请增加安全检查经费的请示"},
    ),
    "REQUEST_CC_LOWER": (REQUEST, {"cc_recipients": ("各市局",)}, {"cc_recipients": ("省财政厅",)}),
    "REPLY_SOURCE": (
        REPLY,
        {"body": "南宁市局：\n　　你局的请示收悉。经研究，同意。"},
        {"body": REPLY.body},
    ),
    "HEADING_HALF_WIDTH": (NOTICE, {"body": NOTICE.body.replace("1．门窗", "1.门窗")}, {"body": NOTICE.body}),
    "HEADING_SEQUENCE": (
        NOTICE,
        {"body": NOTICE.body.replace("（一）办公区域。", "（二）办公区域。")},
        {"body": NOTICE.body.replace("（1）每周巡查。", "（1）每周巡查。\n（2）每月抽查。")},
    ),
    "REQUEST_CLOSING": (
        REQUEST,
        {"body": "省政府：\n　　拟开展专项检查。"},
        {"body": "省政府：\n　　当否，请批复。"},
    ),
    "REPORT_WITH_REQUEST": (
        REPORT,
        {"body": REPORT.body + "\n　　妥否，请批示。"},
        {"body": REPORT.body + "\n　　特此报告。"},
    ),
    "LETTER_REQUEST_WORDING": (
        LETTER,
        {"body": "省应急管理厅：\n　　妥否，请批示。"},
        {"body": "请予研究函复。"},
    ),
    "REPLY_REFERENCE": (REPLY, {"body": "南宁市局：\n　　同意你局开展安全检查。"}, {"body": REPLY.body}),
    "HEADING_NUMBERING": (NOTICE, {"body": NOTICE.body.replace("一、", "一.")}, {"body": NOTICE.body}),
}


def codes(draft: Draft) -> list[str]:
    return [f.code for f in check(draft)]


@pytest.mark.parametrize("base", [NOTICE, REQUEST, REPORT, LETTER, REPLY, SECRET], ids=lambda d: d.kind)
def test_a_well_formed_document_of_each_kind_has_no_finding(base: Draft) -> None:
    assert check(base) == []


@pytest.mark.parametrize("code", sorted(CASES))
def test_a_document_that_breaks_the_rule_gets_its_finding(code: str) -> None:
    base, bad, _ = CASES[code]
    findings = [f for f in check(replace(base, **bad)) if f.code == code]
    assert len(findings) == 1, codes(replace(base, **bad))
    rule = next(r for r in RULES if r.code == code)
    assert (findings[0].severity, findings[0].field) == (rule.severity, rule.field)
    assert findings[0].message  # says, in Chinese, how to fix it
    assert any("\u4e00" <= c <= "\u9fff" for c in findings[0].message)


@pytest.mark.parametrize("code", sorted(CASES))
def test_a_document_that_keeps_the_rule_passes_it(code: str) -> None:
    base, _, good = CASES[code]
    assert code not in codes(replace(base, **good))


def test_every_rule_is_tested_and_codes_are_unique() -> None:
    registered = [r.code for r in RULES]
    assert len(registered) == len(set(registered))
    assert set(registered) == set(CASES)


def test_errors_decide_ok_and_warnings_do_not() -> None:
    assert not has_errors(check(replace(NOTICE, title="关于开展安全检查")))  # TITLE_KIND: a warning
    assert has_errors(check(replace(NOTICE, title="关于开展安全检查的通知。")))


def test_the_attachment_note_is_read_item_by_item() -> None:
    note = parse_note("正文。\n\n　　附件：1．检查表\n　　　　　2．联系人名单\n\n　　　　　　　　X厅办公室")
    assert note is not None
    assert note.items == [("1", "．", "检查表"), ("2", "．", "联系人名单")]
    single = parse_note("正文。\n附件：检查表")
    assert single is not None and single.items == [(None, None, "检查表")]
    assert parse_note("详见附件。") is None


@pytest.mark.parametrize(
    ("doc_no", "expected"),
    [
        ("X厅办发〔2022〕17号", []),
        ("X厅办发【2022】17号", ["DOCNO_BRACKETS"]),
        ("X厅办发(2022)17号", ["DOCNO_BRACKETS"]),
        ("X厅办发〔2022〕0017号", ["DOCNO_LEADING_ZERO"]),
        ("X厅办发〔二〇二二〕17号", ["DOCNO_YEAR"]),
    ],
)
def test_document_numbers(doc_no: str, expected: list[str]) -> None:
    assert [c for c in codes(replace(NOTICE, doc_no=doc_no)) if c.startswith("DOCNO")] == expected


def test_a_request_copied_to_one_of_the_departments_own_units_is_refused() -> None:
    draft = replace(REQUEST, cc_recipients=("信息中心",), own_units=frozenset({"ITC", "信息中心"}))
    assert "REQUEST_CC_LOWER" in codes(draft)
    assert "REQUEST_CC_LOWER" not in codes(replace(draft, own_units=frozenset()))


@pytest.mark.parametrize(
    ("lines", "gap"),
    [
        (["一、甲", "二、乙", "三、丙"], None),
        (["一、甲", "三、丙"], "二、"),
        (["一、甲", "（一）子", "（二）子", "二、乙", "（一）子", "1．孙", "2．孙"], None),
        (["一、甲", "（一）子", "二、乙", "（二）子"], "（一）"),
        (["九、甲"], "一、"),
        ([f"{n}、x" for n in ("一二三四五六七八九十")] + ["十一、x", "十三、x"], "十二、"),
    ],
)
def test_heading_sequence(lines: list[str], gap: str | None) -> None:
    from services.docs.format_check.headings import headings_of, sequence_gap

    found = sequence_gap(headings_of(lines))
    assert (found[1] if found else None) == gap
