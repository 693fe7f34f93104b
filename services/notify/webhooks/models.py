"""Webhook tables: registrations per unit, and one delivery row per event and webhook."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from services.notify.base import Base
from shared.spine import Seq
from shared.types import UtcDateTime


class Webhook(Base):
    """Where a unit wants its events POSTed, which types, and the secret that signs them."""

    __tablename__ = "webhooks"
    __table_args__ = (Index("ix_webhooks_unit", "unit"),)

    id: Mapped[int] = mapped_column(Seq, primary_key=True, autoincrement=True)
    unit: Mapped[str] = mapped_column(String(20))
    url: Mapped[str] = mapped_column(String(2000))
    event_types: Mapped[list[str]] = mapped_column(JSON)
    secret: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class WebhookDelivery(Base):
    """One event to one webhook: pending (due at `next_attempt_at`), delivered, or dead."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("webhook_id", "event_id", name="uq_delivery_webhook_event"),
        Index("ix_delivery_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Seq, primary_key=True, autoincrement=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhooks.id", ondelete="CASCADE"))
    unit: Mapped[str] = mapped_column(String(20))
    event_id: Mapped[str] = mapped_column(String(64))
    event_type: Mapped[str] = mapped_column(String(200))
    payload: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12))  # pending | delivered | dead
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime())
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    dead_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
