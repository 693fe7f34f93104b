"""To-do tables: one row per record and step (办理, 审核, 签发, ...), and the digests sent per day."""

from datetime import date, datetime

from sqlalchemy import Date, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from services.notify.base import Base
from shared.spine import Seq
from shared.types import UtcDateTime


class Todo(Base):
    """One step of one record waiting on a unit (or on those of the office holding a role): open, then done.

    A closing event that came before its opening one leaves a `void` row, so that the older
    opening event, arriving late, opens nothing (`source_time` orders the events).
    """

    __tablename__ = "todos"
    __table_args__ = (
        UniqueConstraint("record_kind", "record_id", "step", name="uq_todo_record_step"),
        Index("ix_todo_unit_status", "unit", "status", "id"),
    )

    id: Mapped[int] = mapped_column(Seq, primary_key=True, autoincrement=True)
    record_kind: Mapped[str] = mapped_column(String(20))  # incoming | outgoing | supervision | decision | ...
    record_id: Mapped[str] = mapped_column(String(200))
    step: Mapped[str] = mapped_column(String(20))  # handle | review | revise | sign | approve
    label: Mapped[str] = mapped_column(String(200))  # what the item says, in the office's words
    unit: Mapped[str] = mapped_column(String(20))  # the unit it waits on
    role: Mapped[str | None] = mapped_column(String(20))  # reviewer | signer | office: only those in the unit
    due: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(8))  # open | done | void
    outcome: Mapped[str | None] = mapped_column(String(20))  # completed | approved | signed | returned | ...
    opened_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    source_time: Mapped[datetime] = mapped_column(UtcDateTime())  # the event that last set it


class TodoDigest(Base):
    """A morning digest (每日待办) claimed for a unit and a working day: it goes out once."""

    __tablename__ = "todo_digests"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    unit: Mapped[str] = mapped_column(String(20), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64))
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime())
