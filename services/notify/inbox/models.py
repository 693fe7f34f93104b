"""Inbox tables: one row per notification and recipient, and who has read what."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from services.notify.base import Base
from shared.spine import Seq
from shared.types import UtcDateTime


class InboxItem(Base):
    """A notification for one recipient: a person (`user`, by `sub`) or a whole unit (`unit`)."""

    __tablename__ = "inbox_items"
    __table_args__ = (
        UniqueConstraint("event_id", "recipient_kind", "recipient", name="uq_inbox_event_recipient"),
        Index("ix_inbox_recipient", "recipient_kind", "recipient", "id"),
    )

    id: Mapped[int] = mapped_column(Seq, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(64))
    event_type: Mapped[str] = mapped_column(String(200))
    recipient_kind: Mapped[str] = mapped_column(String(10))  # "user" | "unit"
    recipient: Mapped[str] = mapped_column(String(200))  # a sub or a unit code
    unit: Mapped[str | None] = mapped_column(String(20))  # the unit the event concerns
    title: Mapped[str] = mapped_column(String(300))
    record_id: Mapped[str] = mapped_column(String(200))  # the envelope's `subject`
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class InboxRead(Base):
    """A read mark: per person, so that one unit-wide notification is unread for each colleague."""

    __tablename__ = "inbox_reads"

    item_id: Mapped[int] = mapped_column(ForeignKey("inbox_items.id", ondelete="CASCADE"), primary_key=True)
    sub: Mapped[str] = mapped_column(String(200), primary_key=True)
    read_at: Mapped[datetime] = mapped_column(UtcDateTime())
