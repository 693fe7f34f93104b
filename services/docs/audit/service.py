"""The rules of the audit log: a row per read of a classified document; auditors list them."""

from collections.abc import Iterable
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel
from sqlalchemy import Select, insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from services.docs.audit.schemas import AuditFilters
from services.docs.models import AuditEntry, OutgoingDocument
from services.docs.outgoing.service import visible_outgoing
from shared.auth import Caller
from shared.command import Inquiry
from shared.envelope import utcnow
from shared.pagination import Page, PageRequest, paginate
from shared.query import narrowed

T = TypeVar("T", bound=BaseModel)

AUDITOR_ROLE = "auditor"


class Classified(Protocol):
    """A document as the audit log sees it."""

    @property
    def id(self) -> str: ...

    @property
    def classification(self) -> str: ...


async def record_reads(
    session: AsyncSession, *, caller: Caller, kind: str, documents: Iterable[Classified], route: str
) -> None:
    """Writes one audit row per classified document of an answer (none for `none`), in one insert."""
    now = utcnow()
    rows = [
        {
            "document_kind": kind,
            "document_id": doc.id,
            "classification": doc.classification,
            "reader": caller.sub,
            "reader_unit": caller.unit,
            "reader_clearance": caller.clearance,
            "read_at": now,
            "route": route,
        }
        for doc in documents
        if doc.classification != "none"
    ]
    if rows:
        await session.execute(insert(AuditEntry), rows)


async def audited_page(
    ask: Inquiry,
    query: Select[Any],
    *,
    key: InstrumentedAttribute[Any],
    read: type[T],
    paging: PageRequest,
    kind: str,
    route: str,
) -> Page[T]:
    """One page of documents, its classified ones audited (committed before it is answered)."""
    rows, next_cursor = await paginate(ask.session, query, key=key, limit=paging.limit, cursor=paging.cursor)
    answer = Page.of(rows, read, next_cursor)
    await record_reads(ask.session, caller=ask.caller, kind=kind, documents=rows, route=route)
    await ask.session.commit()
    return answer


async def audited_one(ask: Inquiry, document: Classified, *, read: type[T], kind: str, route: str) -> T:
    """One document, audited when classified (committed before it is answered)."""
    answer = read.model_validate(document)
    await record_reads(ask.session, caller=ask.caller, kind=kind, documents=[document], route=route)
    await ask.session.commit()
    return answer


def audit_entries(caller: Caller, filters: AuditFilters) -> Select[AuditEntry]:
    """The audit log for an auditor (403 for anyone else), filtered."""
    caller.require(AUDITOR_ROLE)
    asked = (AuditEntry.document_id, filters.document), (AuditEntry.reader, filters.person)
    return narrowed(select(AuditEntry), *asked, (AuditEntry.document_kind, filters.kind))


async def outgoing_read(session: AsyncSession, *, caller: Caller, outgoing_id: str) -> None:
    """Audits a read of an outgoing document the caller may see (a hidden one is a 404 anyway)."""
    query = visible_outgoing(caller).where(OutgoingDocument.id == outgoing_id)
    doc = await session.scalar(query)
    if doc is not None:
        await record_reads(
            session, caller=caller, kind="outgoing", documents=[doc], route="GET /outgoing/{outgoing_id}"
        )
