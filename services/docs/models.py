"""Tables of the docs service."""

from datetime import datetime

from sqlalchemy import Index, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

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


class Counter(Base):
    """Gap-free numbers per scope and year (registration numbers, document numbers)."""

    __tablename__ = "counters"

    scope: Mapped[str] = mapped_column(String(60), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer)
