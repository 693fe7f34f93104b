"""Events of outgoing documents (shared.contracts.docs), built from the stored document."""

from collections import Counter
from datetime import datetime
from typing import Any

from services.docs.format_check import RULES, Finding
from services.docs.format_check.layout import LAYOUT_RULES
from services.docs.models import OutgoingDocument
from shared.auth import Caller
from shared.contracts.base import envelope_for
from shared.contracts.docs import (
    OutgoingApproved,
    OutgoingChecked,
    OutgoingDispatched,
    OutgoingDrafted,
    OutgoingEvent,
    OutgoingReturned,
    OutgoingRevised,
    OutgoingSigned,
    OutgoingSubmitted,
    Recipient,
)
from shared.envelope import Envelope
from shared.event_data import read_off

KIND_OF = {r.code: r.field for r in RULES} | {r.code: r.field for r in LAYOUT_RULES}


def _by_kind(codes: Counter[str]) -> dict[str, int]:
    """Counts by rule code summed by kind: the part of the document the rule reads."""
    kinds: Counter[str] = Counter()
    for code, count in codes.items():
        kinds[KIND_OF.get(code, "other")] += count
    return dict(kinds)


def _common(doc: OutgoingDocument, at: datetime) -> dict[str, Any]:
    return {
        "id": doc.id,
        "kind": doc.kind,
        "issuer_code": doc.issuer_code,
        "drafting_unit": doc.drafting_unit,
        "classification": doc.classification,
        "urgency": doc.urgency,
        "at": at,
    }


def _title(doc: OutgoingDocument) -> str | None:
    """Titles of classified documents stay out of the event stream."""
    return doc.title if doc.classification == "none" else None


def _wrap(data: OutgoingEvent, doc: OutgoingDocument, caller: Caller) -> Envelope:
    return envelope_for(data, subject=doc.id, unit=doc.drafting_unit, actor=caller.sub, time=data.at)


def drafted(doc: OutgoingDocument, caller: Caller, at: datetime) -> Envelope:
    return _wrap(read_off(OutgoingDrafted, doc, at=at, title=_title(doc)), doc, caller)


def revised(doc: OutgoingDocument, caller: Caller, at: datetime) -> Envelope:
    return _wrap(OutgoingRevised(**_common(doc, at), title=_title(doc)), doc, caller)


def checked(
    doc: OutgoingDocument,
    caller: Caller,
    at: datetime,
    findings: list[Finding],
    *,
    previous: list[str],
    layout: bool,
) -> Envelope:
    """The check's findings by code; by kind, those new since the previous check and those fixed."""
    by_code, before = Counter(f.code for f in findings), Counter(previous)
    data = OutgoingChecked(
        **_common(doc, at),
        errors=sum(f.severity == "error" for f in findings),
        warnings=sum(f.severity == "warning" for f in findings),
        codes=[f.code for f in findings],
        fields=[f.field for f in findings],
        by_code=dict(by_code),
        new_by_kind=_by_kind(by_code - before),
        fixed_by_kind=_by_kind(before - by_code),
        layout=layout,
    )
    return _wrap(data, doc, caller)


def submitted(doc: OutgoingDocument, caller: Caller, at: datetime) -> Envelope:
    return _wrap(OutgoingSubmitted(**_common(doc, at), submission=doc.submissions), doc, caller)


def returned(doc: OutgoingDocument, caller: Caller, at: datetime, reason: str) -> Envelope:
    data = OutgoingReturned(**_common(doc, at), reason=reason, returned_at=at, return_count=doc.return_count)
    return _wrap(data, doc, caller)


def approved(doc: OutgoingDocument, caller: Caller, at: datetime) -> Envelope:
    return _wrap(OutgoingApproved(**_common(doc, at)), doc, caller)


def signed(doc: OutgoingDocument, caller: Caller, at: datetime) -> Envelope:
    return _wrap(read_off(OutgoingSigned, doc, at=at, signed_at=at), doc, caller)


def dispatched(doc: OutgoingDocument, caller: Caller, at: datetime, recipients: list[Recipient]) -> Envelope:
    data = read_off(OutgoingDispatched, doc, at=at, title=_title(doc), recipients=recipients)
    return _wrap(data, doc, caller)
