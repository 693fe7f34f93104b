"""Reminder tables: one row per record and reminder kind, and who each one is for."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from services.notify.base import Base
from shared.spine import Seq
from shared.types import UtcDateTime


class Reminder(Base):
    """One reminder of one record (`before_3d`, `overdue`, ...): pending until `send_at`, then
    sent (or expired: its due moment passed before it went out), or cancelled.

    A record that was completed or cancelled keeps a `closed` row, so that an older event
    arriving late cannot schedule its reminders again (`source_time` orders the events).
    """

    __tablename__ = "reminders"
    __table_args__ = (
        UniqueConstraint("record_kind", "record_id", "kind", name="uq_reminder_record_kind"),
        Index("ix_reminder_due", "status", "send_at"),
    )

    id: Mapped[int] = mapped_column(Seq, primary_key=True, autoincrement=True)
    record_kind: Mapped[str] = mapped_column(String(20))  # incoming | supervision | decision | meeting
    record_id: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))  # before_3d | before_1h | overdue | closed
    label: Mapped[str] = mapped_column(String(200))  # the record as people know it: 收文编号, title
    unit: Mapped[str | None] = mapped_column(String(20))  # the unit it concerns
    units: Mapped[list[str]] = mapped_column(JSON)
    users: Mapped[list[str]] = mapped_column(JSON)
    due: Mapped[str] = mapped_column(String(40))  # the due date or the start, office-local
    target: Mapped[datetime] = mapped_column(UtcDateTime())  # the end of the due day, or the start
    send_at: Mapped[datetime] = mapped_column(UtcDateTime())
    status: Mapped[str] = mapped_column(String(12))  # pending | sent | expired | cancelled
    source_time: Mapped[datetime] = mapped_column(UtcDateTime())  # the event that last set it
    event_id: Mapped[str | None] = mapped_column(String(64))  # the reminder.sent event
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ReminderRecipient(Base):
    """A unit or person a reminder is for (what the list of a unit's reminders searches)."""

    __tablename__ = "reminder_recipients"
    __table_args__ = (Index("ix_reminder_recipient", "recipient_kind", "recipient"),)

    reminder_id: Mapped[int] = mapped_column(ForeignKey("reminders.id", ondelete="CASCADE"), primary_key=True)
    recipient_kind: Mapped[str] = mapped_column(String(10), primary_key=True)  # unit | user
    recipient: Mapped[str] = mapped_column(String(200), primary_key=True)
