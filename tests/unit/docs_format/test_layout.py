"""Each layout rule on a .docx built to GB/T 9704-2012: the one mistake it exists for is caught,
and the correct file passes it (python-docx builds both; no I/O beyond bytes)."""

import io
from dataclasses import replace
from typing import Any

import pytest
from docx import Document

from services.docs.format_check import Draft
from services.docs.format_check.layout import FIXABLE, LAYOUT_RULES, check_docx, fix_docx
from tests.unit.docs_format.gongwen import BODY, LEFT, Spec, build

NOTICE = Draft(kind="notice", issuer_code="X厅办发", cc_recipients=("省应急管理厅",))
SECRET = replace(NOTICE, classification="secret", secrecy_period="1年", urgency="urgent")
REQUEST = replace(NOTICE, kind="request", cc_recipients=())
MARKS = ["000001", "秘密★1年", "加急"]
REQUEST_SPEC: dict[str, Any] = {
    "title": "关于开展安全生产专项检查的请示",
    "main_recipients": "省政府：",
    "body": [("　　拟开展专项检查。", None), ("　　妥否，请批示。", None)],
    "note": [],
    "attachments": [],
    "colophon": ["X省安全生产厅办公室　　2022年1月5日印发"],
    "doc_no": "X厅办发〔2022〕17号　　　　签发人：张三",
    "doc_no_align": LEFT,
}

# code: (metadata, the mistake, the correct file on the same metadata)
CASES: dict[str, tuple[Draft, dict[str, Any], dict[str, Any]]] = {
    "LAYOUT_PAGE_SIZE": (NOTICE, {"paper": (215.9, 279.4)}, {}),
    "LAYOUT_MARGINS": (NOTICE, {"margins": (25.4, 25.4, 31.8, 31.8)}, {"margins": (37.5, 34.6, 28, 26)}),
    "LAYOUT_LINE_GRID": (NOTICE, {"grid": False}, {}),
    "LAYOUT_HEADER_MISSING": (NOTICE, {"header": False}, {}),
    "LAYOUT_COPY_NUMBER": (SECRET, {"marks": MARKS[1:]}, {"marks": MARKS}),
    "LAYOUT_SECRECY_MARK": (SECRET, {"marks": [MARKS[0], MARKS[2]]}, {"marks": MARKS}),
    "LAYOUT_URGENCY_MARK": (SECRET, {"marks": MARKS[:2]}, {"marks": MARKS}),
    "LAYOUT_MARK_ORDER": (SECRET, {"marks": [MARKS[0], MARKS[2], MARKS[1]]}, {"marks": MARKS}),
    "LAYOUT_ISSUER_MARK": (NOTICE, {"issuer_color": "000000"}, {}),
    "LAYOUT_DOC_NUMBER_PLACE": (NOTICE, {"doc_no_align": LEFT}, {}),
    "LAYOUT_SIGNER_MARK": (REQUEST, {**REQUEST_SPEC, "doc_no": "X厅办发〔2022〕17号"}, REQUEST_SPEC),
    "LAYOUT_RED_LINE": (NOTICE, {"red_line": False}, {}),
    "LAYOUT_TITLE_MISSING": (NOTICE, {"title": "2022年安全生产检查安排", "title_align": LEFT}, {}),
    "LAYOUT_TITLE_FONT": (NOTICE, {"title_font": "宋体"}, {"title_font": "小标宋体"}),
    "LAYOUT_MAIN_RECIPIENT": (NOTICE, {"main_recipients": None}, {}),
    "LAYOUT_BODY_FONT": (NOTICE, {"body_run_font": "宋体"}, {"body_run_font": "仿宋"}),
    "LAYOUT_HEADING_FONT": (NOTICE, {"body": [(t, None) for t, _ in BODY]}, {}),
    "LAYOUT_BODY_SIZE": (NOTICE, {"body_size": 14}, {}),
    "LAYOUT_HEADING_SEQUENCE": (NOTICE, {"body": [*BODY[:5], ("　　三、工作要求", "黑体")]}, {}),
    "LAYOUT_HALF_WIDTH": (NOTICE, {"body": [*BODY[:3], ("　　1.门窗水电。", None)]}, {}),
    "LAYOUT_ATTACHMENT_NOTE": (NOTICE, {"attachments": ["附件1"]}, {}),
    "LAYOUT_SIGNATURE": (NOTICE, {"signature": None}, {}),
    "LAYOUT_DATE_FORM": (NOTICE, {"signed_date": "2022年01月05日"}, {"signed_date": "2022年10月15日"}),
    "LAYOUT_COLOPHON": (NOTICE, {"colophon": ["抄送：省应急管理厅。"]}, {}),
    "LAYOUT_PAGE_NUMBER": (NOTICE, {"page_field": False}, {}),
    "LAYOUT_PAGE_NUMBER_FONT": (NOTICE, {"page_font": ("仿宋_GB2312", 12)}, {}),
    "LAYOUT_PAGE_NUMBER_PLACE": (NOTICE, {"odd_even": False}, {}),
}


def findings(meta: Draft, **spec: Any) -> dict[str, Any]:
    return {f.code: f for f in check_docx(build(Spec(**spec)), meta)}


@pytest.mark.parametrize("meta", [NOTICE, SECRET, REQUEST], ids=["notice", "secret", "request"])
def test_a_gongwen_built_to_the_standard_has_no_finding(meta: Draft) -> None:
    spec = {NOTICE: {}, SECRET: {"marks": MARKS}, REQUEST: REQUEST_SPEC}[meta]
    assert findings(meta, **spec) == {}


@pytest.mark.parametrize("code", sorted(CASES))
def test_the_layout_mistake_is_caught_with_where_and_what_to_change(code: str) -> None:
    meta, bad, _ = CASES[code]
    found = findings(meta, **bad)
    assert code in found, sorted(found)
    rule = next(r for r in LAYOUT_RULES if r.code == code)
    assert (found[code].severity, found[code].field) == (rule.severity, rule.field)
    assert found[code].where and any("\u4e00" <= c <= "\u9fff" for c in found[code].message)


@pytest.mark.parametrize("code", sorted(CASES))
def test_the_correct_file_passes_the_layout_rule(code: str) -> None:
    meta, _, good = CASES[code]
    assert code not in findings(meta, **good)


def test_every_layout_rule_is_tested() -> None:
    assert {r.code for r in LAYOUT_RULES} == set(CASES)


def test_where_names_the_paragraph_and_its_text() -> None:
    found = findings(NOTICE, body_run_font="宋体")["LAYOUT_BODY_FONT"]
    assert found.where.startswith("第") and "现将有关事项通知如下" in found.where
    assert "宋体" in found.message and "仿宋_GB2312" in found.message


def test_the_text_rules_read_the_file_text() -> None:
    codes = findings(NOTICE, title="关于做好政务信息，信息公开工作的通知")
    assert "TITLE_INNER_PUNCT" in codes
    assert "ATTACHMENT_NOTE_HALF_WIDTH" in findings(
        NOTICE, note=["　　附件：1.检查表", "　　　　　2.联系人名单"]
    )


FIXABLE_CASES = sorted(c for c in CASES if c in FIXABLE)


def test_what_can_be_fixed_is_named() -> None:
    assert set(FIXABLE_CASES) == {
        "LAYOUT_PAGE_SIZE",
        "LAYOUT_MARGINS",
        "LAYOUT_LINE_GRID",
        "LAYOUT_TITLE_FONT",
        "LAYOUT_BODY_FONT",
        "LAYOUT_HEADING_FONT",
        "LAYOUT_BODY_SIZE",
        "LAYOUT_HALF_WIDTH",
        "LAYOUT_PAGE_NUMBER",
        "LAYOUT_PAGE_NUMBER_FONT",
        "LAYOUT_PAGE_NUMBER_PLACE",
    }


@pytest.mark.parametrize("code", FIXABLE_CASES)
def test_the_fixed_copy_of_each_fixable_mistake_passes(code: str) -> None:
    meta, bad, _ = CASES[code]
    fixed, mended = fix_docx(build(Spec(**bad)), meta)
    assert code in mended
    assert [f.code for f in check_docx(fixed, meta)] == []


def test_every_fixable_mistake_at_once_is_fixed_and_the_text_kept() -> None:
    spec = Spec(
        paper=(215.9, 279.4),
        margins=(25.4, 25.4, 31.8, 31.8),
        grid=False,
        title_font="宋体",
        body=[(t.replace("1．", "1."), None) for t, _ in BODY],
        body_size=14,
        page_field=False,
        odd_even=False,
    )
    original = build(spec)
    fixed, mended = fix_docx(original, NOTICE)
    assert len(mended) >= 9
    assert [f.code for f in check_docx(fixed, NOTICE)] == []
    before = [p.text for p in Document(io.BytesIO(original)).paragraphs]
    after = [p.text for p in Document(io.BytesIO(fixed)).paragraphs]
    assert after == [t.replace("1.门窗", "1．门窗") for t in before]


def test_an_upload_without_metadata_takes_its_kind_from_the_title() -> None:
    unsigned = build(Spec(**{**REQUEST_SPEC, "doc_no": "X厅办发〔2022〕17号"}))
    assert "LAYOUT_SIGNER_MARK" in {f.code for f in check_docx(unsigned, Draft(), infer_kind=True)}
    assert check_docx(build(Spec(**REQUEST_SPEC)), Draft(), infer_kind=True) == []
    as_notice = {f.code for f in check_docx(build(Spec(**REQUEST_SPEC)), Draft(kind="notice"))}
    assert "TITLE_KIND" in as_notice  # the metadata said 通知: the title naming 请示 is a finding
