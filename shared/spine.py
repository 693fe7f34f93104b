"""The tables every service carries for the event spine.

- `outbox`: events committed with the state change they describe; the relay publishes
  them and keeps each row, with its publish time, as the service's event log.
- `processed_events`: ids of consumed events, written in the effect's transaction.
- `dead_letters`: consumed events that kept failing, for an operator to list and retry.
- `idempotency_keys`: the first answer to a POST sent with an `Idempotency-Key`.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from shared.types import UtcDateTime

# SQLite only autoincrements INTEGER PRIMARY KEY; PostgreSQL gets a BIGINT identity.
Seq = BigInteger().with_variant(Integer(), "sqlite")


class SpineBase(DeclarativeBase):
    pass


class OutboxEvent(SpineBase):
    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_pending", "published_at", "seq"),)

    seq: Mapped[int] = mapped_column(Seq, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(64), unique=True)
    subject: Mapped[str] = mapped_column(String(200))
    payload: Mapped[str] = mapped_column(Text)
    traceparent: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)


class ProcessedEvent(SpineBase):
    __tablename__ = "processed_events"

    consumer: Mapped[str] = mapped_column(String(100), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    processed_at: Mapped[datetime] = mapped_column(UtcDateTime())


class DeadLetter(SpineBase):
    __tablename__ = "dead_letters"
    __table_args__ = (UniqueConstraint("consumer", "event_id"),)

    id: Mapped[int] = mapped_column(Seq, primary_key=True, autoincrement=True)
    consumer: Mapped[str] = mapped_column(String(100))
    event_id: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(200))
    payload: Mapped[str] = mapped_column(Text)
    error: Mapped[str] = mapped_column(Text)
    tries: Mapped[int] = mapped_column(Integer)
    failed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    retried_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class IdempotencyKey(SpineBase):
    __tablename__ = "idempotency_keys"

    caller: Mapped[str] = mapped_column(String(200), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    route: Mapped[str] = mapped_column(String(300))
    status_code: Mapped[int] = mapped_column(Integer)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    fingerprint: Mapped[str | None] = mapped_column(String(64))
    """sha256 (hex) of the request body the answer was for: the same key on another body is a 422."""
