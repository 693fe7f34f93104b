"""The rules of outgoing documents (发文): a state machine with a gap-free number at signing.

draft ─submit→ submitted ─approve→ approved ─sign→ signed ─dispatch→ dispatched
  ↑                │  ↖──────────────────│
  └──── returned ←─┴──────── return ─────┘   (a returned draft is revised and resubmitted)

Every transition locks the document's row (`FOR UPDATE` on PostgreSQL; SQLite's write
transactions are serial), so two callers never move one document twice; signing takes its
number from `services.docs.service.next_number` in the same transaction, so a failed or
refused signing leaves no gap.
"""

import asyncio
from collections.abc import Iterable
from dataclasses import asdict
from datetime import datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.docs.format_check import Draft, Finding, check, has_errors
from services.docs.format_check.layout import check_docx, check_stored_docx, fix_docx, open_docx
from services.docs.models import OutgoingDocument, OutgoingReturn
from services.docs.outgoing import events
from services.docs.outgoing.files import DraftFiles
from services.docs.outgoing.schemas import (
    Action,
    DispatchRequest,
    FormatCheckRequest,
    OutgoingCreate,
    OutgoingFields,
    OutgoingFilters,
    OutgoingRevise,
    ReturnRequest,
)
from services.docs.service import cleared, next_number, require_cleared
from shared.auth import Caller
from shared.command import Command, Inquiry
from shared.contracts.docs import Recipient
from shared.duties import require_other_person
from shared.errors import Conflict, Forbidden, Invalid, NotFound, Problem
from shared.ids import new_id
from shared.outbox import add_event
from shared.query import narrowed, of_own_unit, one_visible, text_search
from shared.text import chinese_date
from shared.units import UnitRegistry

DRAFTER_ROLES = ("staff", "leader", "admin", "liaison")
REVIEWER_ROLES = ("staff", "leader", "admin")
SIGNER_ROLE = "leader"
DISPATCHER_ROLES = ("staff", "admin")
STATUS_NAMES = {
    "draft": "草稿",
    "submitted": "已送审",
    "returned": "已退回",
    "approved": "已审核",
    "signed": "已签发",
    "dispatched": "已分发",
}


class FormatRejected(Problem):
    """422: the draft has format errors; the findings say what to fix."""

    status = 422


def counter_scope(issuer_code: str) -> str:
    """The document-number sequence of an issuer code (distinct from the `incoming` scope)."""
    return f"outgoing:{issuer_code}"


def doc_no_for(issuer_code: str, year: int, number: int) -> str:
    return f"{issuer_code}〔{year}〕{number}号"


def written_date(moment: datetime, timezone: ZoneInfo) -> str:
    """成文日期 as GB/T 9704-2012 writes it: 2022年1月5日."""
    return chinese_date(moment.astimezone(timezone).date())


def own_units(units: UnitRegistry) -> frozenset[str]:
    """Codes and names of the department's own units: lower bodies a 请示 is never copied to."""
    return frozenset(u.code for u in units.units) | frozenset(u.name for u in units.units)


_AS_WRITTEN = (
    "title",
    "kind",
    "body",
    "issuer_code",
    "drafting_unit",
    "classification",
    "urgency",
    "secrecy_period",
    "signer",
)
"""The fields a draft takes as the request or the stored document has them."""


def _draft(source: Any, attachments: Iterable[str], units: UnitRegistry, **given: Any) -> Draft:
    """The draft of `source`, a request or a stored document: it names the fields alike."""
    return Draft(
        **{name: getattr(source, name) for name in _AS_WRITTEN},
        main_recipients=tuple(source.main_recipients),
        cc_recipients=tuple(source.cc_recipients),
        attachments=tuple(attachments),
        own_units=own_units(units),
        **given,
    )


def draft_of(
    fields: OutgoingFields | FormatCheckRequest,
    *,
    units: UnitRegistry,
    doc_no: str | None = None,
    signed_date: str | None = None,
) -> Draft:
    titles = (a.title for a in fields.attachments)
    return _draft(fields, titles, units, doc_no=doc_no, signed_date=signed_date)


def stored_draft(doc: OutgoingDocument, units: UnitRegistry) -> Draft:
    titles = (a["title"] for a in doc.attachments)
    return _draft(doc, titles, units, doc_no=doc.doc_no, signed_date=doc.signed_date)


def check_request(payload: FormatCheckRequest, units: UnitRegistry) -> list[Finding]:
    """The format check of a body as sent: nothing is stored."""
    return check(draft_of(payload, units=units, doc_no=payload.doc_no, signed_date=payload.signed_date))


def _findings_json(findings: list[Finding]) -> list[dict[str, Any]]:
    return [asdict(f) for f in findings]


def _apply_fields(doc: OutgoingDocument, fields: OutgoingFields, drafting_unit: str) -> None:
    doc.title = fields.title
    doc.kind = fields.kind
    doc.issuer_code = fields.issuer_code
    doc.drafting_unit = drafting_unit
    doc.main_recipients = list(fields.main_recipients)
    doc.cc_recipients = list(fields.cc_recipients)
    doc.classification = fields.classification
    doc.urgency = fields.urgency
    doc.secrecy_period = fields.secrecy_period
    doc.signer = fields.signer
    doc.body = fields.body
    doc.attachments = [a.model_dump() for a in fields.attachments]
    doc.findings = None
    doc.checked_at = None


def _drafting_unit(cmd: Command, fields: OutgoingFields) -> str:
    refusal = "不能为其他单位拟稿 (cannot draft for unit {unit})"
    unit = cmd.acting_unit(fields.drafting_unit, refusal, field="drafting_unit")
    require_cleared(cmd.caller, fields.classification)
    return unit


async def draft_outgoing(cmd: Command, payload: OutgoingCreate) -> OutgoingDocument:
    """Creates a draft (拟稿)."""
    cmd.caller.require(*DRAFTER_ROLES)
    unit = _drafting_unit(cmd, payload)
    at = cmd.at(payload.at)
    doc = OutgoingDocument(
        id=new_id(),
        status="draft",
        year=at.astimezone(cmd.timezone).year,
        submissions=0,
        return_count=0,
        drafted_by=cmd.caller.sub,
        drafted_at=at,
        returns=[],
    )
    _apply_fields(doc, payload, unit)
    cmd.session.add(doc)
    await add_event(cmd.session, events.drafted(doc, cmd.caller, at))
    return doc


def visible_outgoing(caller: Caller) -> Select[OutgoingDocument]:
    """Documents this caller may see: their unit's (or all, for the office), within clearance."""
    query = select(OutgoingDocument).where(cleared(caller, OutgoingDocument.classification))
    return of_own_unit(caller, query, OutgoingDocument.drafting_unit)


def filter_outgoing(
    query: Select[OutgoingDocument],
    *,
    year: int | None,
    status: str | None,
    unit: str | None,
    q: str | None = None,
) -> Select[OutgoingDocument]:
    """Narrows the list; `q` a text in the title or the 发文字号."""
    if q:
        query = query.where(text_search(q, OutgoingDocument.title, OutgoingDocument.doc_no))
    filters = (OutgoingDocument.year, year), (OutgoingDocument.status, status)
    return narrowed(query, *filters, (OutgoingDocument.drafting_unit, unit))


def outgoing_list(caller: Caller, filters: OutgoingFilters) -> Select[OutgoingDocument]:
    """What `GET /outgoing` lists: the documents the caller may see, by its filters."""
    return filter_outgoing(visible_outgoing(caller), **filters.model_dump())


async def get_outgoing(ask: Inquiry, outgoing_id: str) -> OutgoingDocument:
    """A document this caller may see, or 404 (never telling that a hidden one exists)."""
    query = visible_outgoing(ask.caller).where(OutgoingDocument.id == outgoing_id)
    return await one_visible(ask.session, query, "发文", outgoing_id)


async def _locked(session: AsyncSession, caller: Caller, outgoing_id: str) -> OutgoingDocument:
    query = visible_outgoing(caller).where(OutgoingDocument.id == outgoing_id)
    return await one_visible(session, query, "发文", outgoing_id, lock=True)


def _require_state(doc: OutgoingDocument, allowed: tuple[str, ...], action: str) -> None:
    if doc.status not in allowed:
        wanted = "、".join(STATUS_NAMES[s] for s in allowed)
        raise Conflict(
            f"发文当前状态为“{STATUS_NAMES[doc.status]}”，只有“{wanted}”的发文才能{action} "
            f"(wrong state: {doc.status}, expected {' or '.join(allowed)})",
            status_now=doc.status,
        )


def _require_drafter(caller: Caller, doc: OutgoingDocument) -> None:
    caller.require(*DRAFTER_ROLES)
    if not caller.may_act_for(doc.drafting_unit):
        raise Forbidden(f"不能处理其他单位的发文 (document of unit {doc.drafting_unit})")


async def revise_outgoing(cmd: Command, outgoing_id: str, payload: OutgoingRevise) -> OutgoingDocument:
    """Replaces the text and metadata of a draft or a returned document (修改)."""
    doc = await _locked(cmd.session, cmd.caller, outgoing_id)
    _require_drafter(cmd.caller, doc)
    _require_state(doc, ("draft", "returned"), "修改")
    unit = _drafting_unit(cmd, payload)
    at = cmd.at(payload.at)
    _apply_fields(doc, payload, unit)
    await add_event(cmd.session, events.revised(doc, cmd.caller, at))
    return doc


async def _findings(
    doc: OutgoingDocument, units: UnitRegistry, files: DraftFiles
) -> tuple[list[Finding], bool]:
    """The text rules on the stored fields, and the layout rules on the draft's .docx if it has one."""
    draft = stored_draft(doc, units)
    data = await files.get(doc.id) if doc.file_size else None
    if data is None:
        return check(draft), False
    layout = await asyncio.to_thread(check_stored_docx, data, draft)
    return check(draft) + layout, True


async def check_outgoing(
    cmd: Command, files: DraftFiles, outgoing_id: str, payload: Action
) -> tuple[OutgoingDocument, list[Finding]]:
    """Runs the format check on a stored document and keeps the findings with it."""
    doc = await _locked(cmd.session, cmd.caller, outgoing_id)
    if not cmd.caller.has(*REVIEWER_ROLES):
        _require_drafter(cmd.caller, doc)
    _require_state(doc, ("draft", "returned", "submitted", "approved"), "检查格式")
    at = cmd.at(payload.at)
    findings, layout = await _findings(doc, cmd.units, files)
    previous = list(doc.checked_codes or [])
    doc.findings = _findings_json(findings)
    doc.checked_codes = [f.code for f in findings]
    doc.checked_at = at
    await add_event(
        cmd.session, events.checked(doc, cmd.caller, at, findings, previous=previous, layout=layout)
    )
    return doc, findings


async def attach_file(cmd: Command, files: DraftFiles, outgoing_id: str, data: bytes) -> OutgoingDocument:
    """Keeps a draft's .docx (screened and parsed first: a file the check cannot read is refused)."""
    doc = await _locked(cmd.session, cmd.caller, outgoing_id)
    _require_drafter(cmd.caller, doc)
    _require_state(doc, ("draft", "returned"), "上传文件")
    await asyncio.to_thread(open_docx, data)
    await files.put(doc.id, data)
    doc.file_size = len(data)
    doc.findings = None
    doc.checked_at = None
    return doc


async def draft_file(ask: Inquiry, files: DraftFiles, outgoing_id: str) -> tuple[str, bytes]:
    """The .docx of a draft the caller may see (404 without one), and its file name: the title
    (and 文号 once signed)."""
    doc = await get_outgoing(ask, outgoing_id)
    data = await files.get(doc.id)
    if data is None:
        raise NotFound(f"发文 {outgoing_id} 尚未上传.docx文件 (no file)")
    return f"{doc.doc_no} {doc.title}" if doc.doc_no else doc.title, data


def check_upload(
    data: bytes, payload: FormatCheckRequest, units: UnitRegistry, infer_kind: bool = False
) -> list[Finding]:
    """The text and layout rules on an uploaded .docx (blocking: run it in a thread); stores nothing."""
    meta = draft_of(payload, units=units, doc_no=payload.doc_no, signed_date=payload.signed_date)
    return check_docx(data, meta, infer_kind=infer_kind)


def fix_upload(data: bytes, payload: FormatCheckRequest, units: UnitRegistry) -> tuple[bytes, list[str]]:
    """The corrected copy of an uploaded .docx and the codes mended (blocking: run it in a thread)."""
    return fix_docx(
        data, draft_of(payload, units=units, doc_no=payload.doc_no, signed_date=payload.signed_date)
    )


async def submit_outgoing(
    cmd: Command, files: DraftFiles, outgoing_id: str, payload: Action
) -> OutgoingDocument:
    """Submits a draft for review (送审); refused (422, with the findings) on any format error."""
    doc = await _locked(cmd.session, cmd.caller, outgoing_id)
    _require_drafter(cmd.caller, doc)
    _require_state(doc, ("draft", "returned"), "送审")
    at = cmd.at(payload.at)
    findings, _ = await _findings(doc, cmd.units, files)
    if has_errors(findings):
        errors = [f for f in findings if f.severity == "error"]
        raise FormatRejected(
            f"公文格式有{len(errors)}处错误，请修改后再送审 (format errors: "
            f"{', '.join(f.code for f in errors)})",
            errors=[{"field": f.field, "message": f.message, "code": f.code} for f in errors],
            findings=_findings_json(findings),
        )
    doc.findings = _findings_json(findings)
    doc.checked_at = at
    doc.status = "submitted"
    doc.submissions += 1
    doc.submitted_at = at
    await add_event(cmd.session, events.submitted(doc, cmd.caller, at))
    return doc


async def return_outgoing(cmd: Command, outgoing_id: str, payload: ReturnRequest) -> OutgoingDocument:
    """Returns a submitted (or approved, unsigned) document for revision, with the reason."""
    cmd.caller.require(*REVIEWER_ROLES)
    doc = await _locked(cmd.session, cmd.caller, outgoing_id)
    _require_state(doc, ("submitted", "approved"), "退回修改")
    at = cmd.at(payload.at)
    doc.status = "returned"
    doc.return_count += 1
    doc.approved_by = None
    doc.approved_at = None
    doc.returns.append(
        OutgoingReturn(outgoing_id=doc.id, reason=payload.reason, returned_by=cmd.caller.sub, returned_at=at)
    )
    await add_event(cmd.session, events.returned(doc, cmd.caller, at, payload.reason))
    return doc


async def approve_outgoing(
    cmd: Command, outgoing_id: str, payload: Action, separate: bool = True
) -> OutgoingDocument:
    """Approves a submitted document (审核通过) drafted by someone else; it then awaits signing."""
    cmd.caller.require(*REVIEWER_ROLES)
    doc = await _locked(cmd.session, cmd.caller, outgoing_id)
    _require_state(doc, ("submitted",), "审核通过")
    require_other_person(
        cmd.caller,
        doc.drafted_by,
        rule="drafter-approves",
        message="拟稿人不能审核本人拟制的公文",
        enforced=separate,
    )
    at = cmd.at(payload.at)
    doc.status = "approved"
    doc.approved_by = cmd.caller.sub
    doc.approved_at = at
    await add_event(cmd.session, events.approved(doc, cmd.caller, at))
    return doc


async def sign_outgoing(cmd: Command, outgoing_id: str, payload: Action) -> OutgoingDocument:
    """A leader signs (签发): the next number of the issuer code in the year of signing."""
    cmd.caller.require(SIGNER_ROLE)
    doc = await _locked(cmd.session, cmd.caller, outgoing_id)
    _require_state(doc, ("approved",), "签发")
    at = cmd.at(payload.at)
    year = at.astimezone(cmd.timezone).year
    number = await next_number(session=cmd.session, scope=counter_scope(doc.issuer_code), year=year)
    doc.status = "signed"
    doc.year = year
    doc.number = number
    doc.doc_no = doc_no_for(doc.issuer_code, year, number)
    doc.signed_date = written_date(at, cmd.timezone)
    doc.signed_by = cmd.caller.sub
    doc.signed_at = at
    doc.signer = cmd.caller.name or cmd.caller.sub
    await add_event(cmd.session, events.signed(doc, cmd.caller, at))
    return doc


def recipients_of(doc: OutgoingDocument, units: UnitRegistry) -> list[Recipient]:
    """Main then copy recipients, each with its registry code when it is a unit (by code or name),
    or the codes of the units a group (各处室, 各市局, ...) stands for."""

    def recipient(name: str, role: Literal["main", "cc"]) -> Recipient:
        unit = units.by_code.get(name) or units.by_name.get(name)
        if unit is not None:
            return Recipient(name=name, role=role, unit=unit.code)
        return Recipient(name=name, role=role, unit=None, group_units=units.group(name) or [])

    return [recipient(n, "main") for n in doc.main_recipients] + [
        recipient(n, "cc") for n in doc.cc_recipients
    ]


def recipient_units(recipients: list[Recipient]) -> list[str]:
    """The registry units a dispatch reaches, each once: named ones and the members of groups."""
    codes = [code for r in recipients for code in ([r.unit] if r.unit else r.group_units)]
    return list(dict.fromkeys(codes))


async def dispatch_outgoing(cmd: Command, outgoing_id: str, payload: DispatchRequest) -> OutgoingDocument:
    """Dispatches a signed document (分发) to every main and copy recipient."""
    cmd.caller.require(*DISPATCHER_ROLES)
    doc = await _locked(cmd.session, cmd.caller, outgoing_id)
    _require_state(doc, ("signed",), "分发")
    at = cmd.at(payload.at)
    dispatched_at = cmd.at(payload.dispatched_at, field="dispatched_at") if payload.dispatched_at else at
    if doc.signed_at is not None and dispatched_at < doc.signed_at:
        raise Invalid("dispatched_at", "分发时间不能早于签发时间 (dispatched before it was signed)")
    doc.status = "dispatched"
    doc.dispatched_at = dispatched_at
    recipients = recipients_of(doc, cmd.units)
    doc.recipient_units = recipient_units(recipients)
    await add_event(cmd.session, events.dispatched(doc, cmd.caller, at, recipients))
    return doc
