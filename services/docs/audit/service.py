"""The rules of the audit log: a row per read of a classified document; auditors list them."""

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.docs.models import AuditEntry, OutgoingDocument
from services.docs.outgoing.service import visible_outgoing
from shared.auth import Caller
from shared.envelope import utcnow

AUDITOR_ROLE = "auditor"


def record_read(
    session: AsyncSession, *, caller: Caller, kind: str, document_id: str, classification: str
) -> None:
    """Stages an audit row when the document is classified (nothing for `none`)."""
    if classification == "none":
        return
    session.add(
        AuditEntry(
            document_kind=kind,
            document_id=document_id,
            classification=classification,
            reader=caller.sub,
            reader_unit=caller.unit,
            reader_clearance=caller.clearance,
            read_at=utcnow(),
        )
    )


def audit_entries(
    caller: Caller, *, document: str | None, person: str | None, kind: str | None
) -> Select[AuditEntry]:
    """The audit log for an auditor (403 for anyone else), filtered."""
    caller.require(AUDITOR_ROLE)
    query = select(AuditEntry)
    if document is not None:
        query = query.where(AuditEntry.document_id == document)
    if person is not None:
        query = query.where(AuditEntry.reader == person)
    if kind is not None:
        query = query.where(AuditEntry.document_kind == kind)
    return query


async def outgoing_read(session: AsyncSession, *, caller: Caller, outgoing_id: str) -> None:
    """Audits a read of an outgoing document the caller may see (a hidden one is a 404 anyway)."""
    query = visible_outgoing(caller).where(OutgoingDocument.id == outgoing_id)
    doc = await session.scalar(query)
    if doc is not None:
        record_read(
            session, caller=caller, kind="outgoing", document_id=doc.id, classification=doc.classification
        )
