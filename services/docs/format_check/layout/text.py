"""The text of an uploaded .docx as a draft, so that the text rules read it as they read a form."""

import re
from dataclasses import replace

from services.docs.format_check.attachments import parse_note
from services.docs.format_check.engine import Draft
from services.docs.format_check.layout.rules import Sheet
from services.docs.format_check.text import KIND_NAMES, compact

DOC_NO = re.compile(r"\S*?〔[^〕]*〕\s*\d*\s*号")
SIGNER = re.compile(r"签发人[：:]\s*(\S+)")
NAMES = re.compile(r"[、，,]")


def _names(line: str) -> tuple[str, ...]:
    return tuple(n for n in (n.strip() for n in NAMES.split(line.rstrip("：:。."))) if n)


def _kind(title: str, fallback: str) -> str:
    return next((kind for kind, names in KIND_NAMES.items() if title.endswith(names)), fallback)


def draft_from(sheet: Sheet, *, infer_kind: bool = False) -> Draft:
    """The sheet's metadata draft, with the title, body, recipients, number, signer and date as
    written (and the kind its title names, when `infer_kind`)."""
    parts, meta = sheet.parts, sheet.draft
    title = "".join(compact(p.text) for p in parts.title) or meta.title
    ends = {id(p) for p in (parts.signature, parts.date) if p is not None}
    body = "\n".join(p.text for p in parts.body if id(p) not in ends) or meta.body
    header = "\n".join(p.text for p in parts.header)
    cc_line = next(
        (compact(p.text) for p in parts.colophon if re.match(r"^抄送[：:]", compact(p.text))), None
    )
    note = parse_note(body)
    doc_no, signer = DOC_NO.search(header), SIGNER.search(header)
    return replace(
        meta,
        title=title,
        kind=_kind(title, meta.kind) if infer_kind else meta.kind,
        body=body,
        main_recipients=_names(parts.main_recipients.text) if parts.main_recipients else meta.main_recipients,
        cc_recipients=_names(cc_line[3:]) if cc_line else meta.cc_recipients,
        doc_no=compact(doc_no.group(0)) if doc_no else meta.doc_no,
        signer=signer.group(1) if signer else meta.signer,
        signed_date=compact(parts.date.text) if parts.date else meta.signed_date,
        attachments=tuple(title for _, _, title in note.items) if note else meta.attachments,
    )
