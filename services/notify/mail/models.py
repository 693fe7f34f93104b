"""Mail tables: the queue of mails to send, and the addresses people gave."""

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from services.notify.base import Base
from shared.spine import Seq
from shared.types import UtcDateTime


class MailAddress(Base):
    """Where a person (by `sub`) wants their notifications mailed."""

    __tablename__ = "mail_addresses"

    sub: Mapped[str] = mapped_column(String(200), primary_key=True)
    address: Mapped[str] = mapped_column(String(254))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class MailMessage(Base):
    """One notification to one address: pending (due at `next_attempt_at`), sent, or dead."""

    __tablename__ = "mail_messages"
    __table_args__ = (
        UniqueConstraint("event_id", "address", name="uq_mail_event_address"),
        Index("ix_mail_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Seq, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(64))
    recipient_kind: Mapped[str] = mapped_column(String(10))  # unit | user
    recipient: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12))  # pending | sent | dead
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime())
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
