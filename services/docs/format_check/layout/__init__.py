"""The layout check of a draft's .docx against GB/T 9704-2012: page, fonts, 版头, 主体, 版记,
page numbers. `check_docx(data, draft)` answers the findings, `fix_docx` a corrected copy."""

import io
from dataclasses import replace

from docx import Document
from docx.document import Document as DocumentObject

from services.docs.format_check.engine import Draft, Finding, run
from services.docs.format_check.layout import body, fonts, footer, header, page
from services.docs.format_check.layout.fix import fix
from services.docs.format_check.layout.reader import read
from services.docs.format_check.layout.rules import LayoutRule, Sheet
from services.docs.format_check.layout.structure import parts_of
from services.docs.format_check.layout.text import draft_from
from services.docs.format_check.layout.upload import NotDocx, screen
from services.docs.format_check.registry import RULES

LAYOUT_RULES: tuple[LayoutRule, ...] = (
    page.page_size,
    page.margins,
    page.line_grid,
    header.header_missing,
    header.copy_number,
    header.secrecy_mark,
    header.urgency_mark,
    header.mark_order,
    header.issuer_mark,
    header.doc_number_place,
    header.signer_mark,
    header.red_line,
    body.title_missing,
    fonts.title_font,
    body.main_recipient,
    fonts.body_font,
    fonts.heading_font,
    fonts.body_size,
    body.heading_sequence,
    body.half_width,
    body.attachment_note,
    body.signature,
    body.date_form,
    body.colophon,
    footer.page_number,
    footer.page_number_font,
    footer.page_number_place,
)
FIXABLE = frozenset(r.code for r in LAYOUT_RULES if r.fixable)


def sheet_of(document: DocumentObject, draft: Draft) -> Sheet:
    layout = read(document)
    return Sheet(layout=layout, parts=parts_of(layout), draft=draft)


def _layout_findings(sheet: Sheet) -> list[Finding]:
    return [finding for r in LAYOUT_RULES if (finding := r.apply(sheet)) is not None]


def open_docx(data: bytes) -> DocumentObject:
    """The parsed .docx (screened first), or 422 when python-docx cannot read it."""
    screen(data)
    try:
        return Document(io.BytesIO(data))
    except Exception as exc:  # whatever the parser meets in a broken file is the uploader's to fix
        raise NotDocx(
            "请上传Word文档（.docx）：文件无法读取", errors=[{"field": "file", "message": str(exc)[:200]}]
        ) from exc


def check_docx(data: bytes, meta: Draft, *, infer_kind: bool = False) -> list[Finding]:
    """The text rules on the file's text and every layout rule on its layout, both reading the
    metadata given and the file's title, recipients, number and date (the kind too, if asked)."""
    sheet = sheet_of(open_docx(data), meta)
    sheet = replace(sheet, draft=draft_from(sheet, infer_kind=infer_kind))
    return run(RULES, sheet.draft) + _layout_findings(sheet)


def check_stored_docx(data: bytes, draft: Draft) -> list[Finding]:
    """The layout rules on a stored draft's file (its text is checked from its fields)."""
    return _layout_findings(sheet_of(open_docx(data), draft))


def fix_docx(data: bytes, meta: Draft) -> tuple[bytes, list[str]]:
    """The corrected .docx for the fixable layout findings, and the codes it mended."""
    document = open_docx(data)
    sheet = sheet_of(document, meta)
    codes = {f.code for f in _layout_findings(sheet)} & FIXABLE
    return fix(document, sheet, codes), sorted(codes)
