"""发文字号: `<发文机关代字>〔2022〕17号` (GB/T 9704-2012, 7.2.4)."""

import re

from services.docs.format_check.engine import Draft, rule

WRONG_BRACKETS = re.compile(r"[\[\]【】()（）［］〈〉<>{}｛｝]")
OPEN, CLOSE = "〔[【(（［", "〕]】)）］"
YEAR = re.compile(rf"[{re.escape(OPEN)}]([^{re.escape(CLOSE)}]*)[{re.escape(CLOSE)}]")  # any bracket
SEQUENCE = re.compile(rf"[{re.escape(CLOSE)}]\s*第?\s*([^号]*)号?\s*$")


@rule("DOCNO_BRACKETS", "error", "doc_no")
def docno_brackets(draft: Draft) -> str | None:
    if not draft.doc_no:
        return None
    if WRONG_BRACKETS.search(draft.doc_no) or "〔" not in draft.doc_no or "〕" not in draft.doc_no:
        return "发文字号年份应使用六角括号〔〕，不用[]、【】或()，如X厅办发〔2022〕17号"
    return None


@rule("DOCNO_YEAR", "error", "doc_no")
def docno_year(draft: Draft) -> str | None:
    found = YEAR.search(draft.doc_no or "")
    if found and not re.fullmatch(r"\d{4}", found.group(1)):
        return f"发文字号年份应为四位阿拉伯数字（{found.group(1)}），如〔2022〕，不简写为〔22〕"
    return None


@rule("DOCNO_SEQUENCE", "error", "doc_no")
def docno_sequence(draft: Draft) -> str | None:
    found = SEQUENCE.search(draft.doc_no or "")
    if found is None:
        return None
    sequence = found.group(1).strip()
    if not sequence:
        return "发文字号缺少序号，应写作X厅办发〔2022〕17号"
    if not (sequence.isascii() and sequence.isdigit()):
        return f"发文字号序号应使用阿拉伯数字（“{sequence}”），如17号，不写作十七号"
    return None


@rule("DOCNO_LEADING_ZERO", "error", "doc_no")
def docno_leading_zero(draft: Draft) -> str | None:
    found = SEQUENCE.search(draft.doc_no or "")
    if found and re.fullmatch(r"0\d*", found.group(1).strip()):
        return "发文字号序号不编虚位（如1号不写作01号或001号），也不从0编起"
    return None


@rule("DOCNO_NO_DI", "error", "doc_no")
def docno_no_di(draft: Draft) -> str | None:
    if draft.doc_no and re.search(rf"[{re.escape(CLOSE)}]\s*第", draft.doc_no):
        return "发文字号序号前不加“第”字，如X厅办发〔2022〕17号"
    return None


@rule("DOCNO_SUFFIX", "error", "doc_no")
def docno_suffix(draft: Draft) -> str | None:
    if draft.doc_no and not draft.doc_no.strip().endswith("号"):
        return "发文字号应以“号”字结尾，如X厅办发〔2022〕17号"
    return None


@rule("DOCNO_ISSUER", "error", "doc_no")
def docno_issuer(draft: Draft) -> str | None:
    code, doc_no = draft.issuer_code, (draft.doc_no or "").strip()
    if doc_no and code and not (doc_no.startswith(code) and (doc_no[len(code) :][:1] or "-") in OPEN):
        return f"发文字号应由发文机关代字“{code}”、年份和序号组成，如{code}〔2022〕17号"
    return None


@rule("DOCNO_YEAR_MISMATCH", "warning", "doc_no")
def docno_year_mismatch(draft: Draft) -> str | None:
    year = YEAR.search(draft.doc_no or "")
    signed = re.match(r"\s*(\d{4})年", draft.signed_date or "")
    if year and signed and re.fullmatch(r"\d{4}", year.group(1)) and year.group(1) != signed.group(1):
        return f"发文字号年份（{year.group(1)}）与成文日期年份（{signed.group(1)}）不一致，请核对"
    return None


@rule("ISSUER_CODE_FORMAT", "error", "issuer_code")
def issuer_code_format(draft: Draft) -> str | None:
    code = draft.issuer_code
    if code is not None and (not code.strip() or re.search(r"[\d〔〕\[\]【】()（）号\s]", code)):
        return "发文机关代字只写代字本身（如X厅办发），不含年份、括号、序号或空格"
    return None
