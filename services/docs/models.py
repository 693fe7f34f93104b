"""Tables of the docs service."""

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from shared.calendar import CalendarYearColumns
from shared.types import UtcDateTime


class Base(DeclarativeBase):
    pass


class IncomingDocument(Base):
    """A received document (收文) and where it stands."""

    __tablename__ = "incoming"
    __table_args__ = (
        Index("ix_incoming_year_status", "year", "status"),
        Index("ix_incoming_unit", "unit"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    reg_no: Mapped[str] = mapped_column(String(40), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    source_org: Mapped[str] = mapped_column(String(100))
    source_ref: Mapped[str | None] = mapped_column(String(100))
    channel: Mapped[str] = mapped_column(String(20))
    classification: Mapped[str] = mapped_column(String(20))
    urgency: Mapped[str] = mapped_column(String(20))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime())
    unit: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    registered_by: Mapped[str] = mapped_column(String(100))
    registered_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # assignment (传办): set by /assign, the units also kept in `incoming_assignees`
    lead_unit: Mapped[str | None] = mapped_column(String(20), default=None)
    assist_units: Mapped[list[str] | None] = mapped_column(JSON, default=None)
    due: Mapped[date | None] = mapped_column(Date, default=None)
    assigned_by: Mapped[str | None] = mapped_column(String(100), default=None)
    assigned_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    urge_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_urged_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)


class Counter(Base):
    """Gap-free numbers per scope and year (registration numbers, document numbers)."""

    __tablename__ = "counters"

    scope: Mapped[str] = mapped_column(String(60), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


class OutgoingDocument(Base):
    """An outgoing document (发文) from draft to dispatch; `doc_no` is given at signing."""

    __tablename__ = "outgoing"
    __table_args__ = (
        Index("ix_outgoing_year_status", "year", "status"),
        Index("ix_outgoing_drafting_unit", "drafting_unit"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    issuer_code: Mapped[str] = mapped_column(String(40))
    drafting_unit: Mapped[str] = mapped_column(String(20))
    main_recipients: Mapped[list[str]] = mapped_column(JSON)
    cc_recipients: Mapped[list[str]] = mapped_column(JSON)
    classification: Mapped[str] = mapped_column(String(20))
    urgency: Mapped[str] = mapped_column(String(20))
    secrecy_period: Mapped[str | None] = mapped_column(String(20))
    signer: Mapped[str | None] = mapped_column(String(50))
    body: Mapped[str] = mapped_column(Text)
    attachments: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20))
    year: Mapped[int] = mapped_column(Integer)  # of drafting; of signing once signed
    findings: Mapped[list[dict[str, str]] | None] = mapped_column(JSON)
    checked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    checked_codes: Mapped[list[str] | None] = mapped_column(JSON)  # of the last check, kept on revision
    file_size: Mapped[int | None] = mapped_column(Integer)  # bytes of the draft's .docx, if it has one
    submissions: Mapped[int] = mapped_column(Integer, default=0)
    return_count: Mapped[int] = mapped_column(Integer, default=0)
    doc_no: Mapped[str | None] = mapped_column(String(80), unique=True)
    number: Mapped[int | None] = mapped_column(Integer)
    signed_date: Mapped[str | None] = mapped_column(String(20))  # 成文日期 as written: 2022年1月5日
    drafted_by: Mapped[str] = mapped_column(String(100))
    drafted_at: Mapped[datetime] = mapped_column(UtcDateTime())
    submitted_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    approved_by: Mapped[str | None] = mapped_column(String(100))
    approved_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    signed_by: Mapped[str | None] = mapped_column(String(100))
    signed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    dispatched_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # the registry units the dispatch reached (groups such as 各处室 resolved), set at dispatch
    recipient_units: Mapped[list[str] | None] = mapped_column(JSON)
    returns: Mapped[list["OutgoingReturn"]] = relationship(
        lazy="selectin", order_by="OutgoingReturn.seq", cascade="all, delete-orphan"
    )


class OutgoingReturn(Base):
    """One return for revision (退回修改) of an outgoing document, with its reason."""

    __tablename__ = "outgoing_returns"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    outgoing_id: Mapped[str] = mapped_column(ForeignKey("outgoing.id"), index=True)
    reason: Mapped[str] = mapped_column(String(500))
    returned_by: Mapped[str] = mapped_column(String(100))
    returned_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Material(Base):
    """A comprehensive material (综合材料) drafted by the office, counted by `completed_at`."""

    __tablename__ = "materials"
    __table_args__ = (Index("ix_materials_year_kind", "year", "kind"), Index("ix_materials_unit", "unit"))

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(20))
    year: Mapped[int] = mapped_column(Integer)
    completed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())


class IncomingAssignee(Base):
    """A unit an incoming document is assigned to: the lead unit (主办) or an assisting one (协办)."""

    __tablename__ = "incoming_assignees"
    __table_args__ = (Index("ix_incoming_assignees_unit", "unit"),)

    incoming_id: Mapped[str] = mapped_column(ForeignKey("incoming.id"), primary_key=True)
    unit: Mapped[str] = mapped_column(String(20), primary_key=True)
    role: Mapped[str] = mapped_column(String(10))  # lead | assist


class SupervisionItem(Base):
    """An item of the supervision ledger (督办台账), from an instruction, a meeting or a document."""

    __tablename__ = "supervision"
    __table_args__ = (
        Index("ix_supervision_unit_status", "assignee_unit", "status"),
        Index("ix_supervision_year", "year"),
        Index("ix_supervision_deadline", "status", "deadline"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(20))
    source_ref: Mapped[str | None] = mapped_column(String(100))
    decision_id: Mapped[str | None] = mapped_column(String(64), unique=True)  # a meeting decision, once
    assignee_unit: Mapped[str] = mapped_column(String(20))
    year: Mapped[int] = mapped_column(Integer)  # of assignment
    due: Mapped[date] = mapped_column(Date)
    due_working_days: Mapped[int | None] = mapped_column(Integer)
    deadline: Mapped[date] = mapped_column(Date)  # `due` on a working day
    status: Mapped[str] = mapped_column(String(20))  # open | completed
    overdue: Mapped[bool] = mapped_column(Boolean, default=False)
    overdue_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    progress_count: Mapped[int] = mapped_column(Integer, default=0)
    urge_count: Mapped[int] = mapped_column(Integer, default=0)
    last_progress_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    on_time: Mapped[bool | None] = mapped_column(Boolean)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())  # business time of the assignment
    entries: Mapped[list["SupervisionEntry"]] = relationship(
        lazy="selectin", order_by="SupervisionEntry.seq", cascade="all, delete-orphan"
    )


class SupervisionEntry(Base):
    """One step in an item's history: a progress report (进展) or an urge (催办)."""

    __tablename__ = "supervision_entries"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("supervision.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # progress | urge
    note: Mapped[str | None] = mapped_column(String(2000))
    actor: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(UtcDateTime())


class SupervisionNotice(Base):
    """A published monthly supervision notice (督办月通报): the figures as published."""

    __tablename__ = "supervision_notices"
    __table_args__ = (UniqueConstraint("year", "month", name="uq_supervision_notices_month"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    rows: Mapped[list[dict[str, object]]] = mapped_column(JSON)
    published_by: Mapped[str] = mapped_column(String(100))
    published_at: Mapped[datetime] = mapped_column(UtcDateTime())


class AuditEntry(Base):
    """A read of a classified document (密件): who, what, when, at which classification."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_document", "document_id"),
        Index("ix_audit_log_reader", "reader"),
    )

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_kind: Mapped[str] = mapped_column(String(20))  # incoming | outgoing
    document_id: Mapped[str] = mapped_column(String(32))
    classification: Mapped[str] = mapped_column(String(20))
    reader: Mapped[str] = mapped_column(String(100))
    reader_unit: Mapped[str] = mapped_column(String(20))
    reader_clearance: Mapped[str] = mapped_column(String(20))
    read_at: Mapped[datetime] = mapped_column(UtcDateTime())
    route: Mapped[str | None] = mapped_column(String(200))  # e.g. `GET /api/v1/incoming`; none before 0004


class CalendarYear(CalendarYearColumns, Base):
    """A year's holiday arrangement entered by an admin (the shipped years are in the holidays file)."""

    __tablename__ = "calendar_years"
