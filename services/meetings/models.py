"""Tables of the meetings service (the spine tables come with every service)."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from shared.types import UtcDateTime

OFFICE_UNIT = "GO"
"""The office's code in the unit registry: it owns the rooms that were there before units did."""


class Base(DeclarativeBase):
    pass


class Room(Base):
    """A meeting room of a unit (owner); its row is locked while a booking is checked for overlaps."""

    __tablename__ = "rooms"

    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    capacity: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(20), server_default=OFFICE_UNIT)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Series(Base):
    """A recurring meeting (weekly 调度会, monthly party day): the rule its occurrences came from."""

    __tablename__ = "series"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    organizer_unit: Mapped[str] = mapped_column(String(20))
    rule: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Meeting(Base):
    """One meeting (or one occurrence of a series) and where it stands."""

    __tablename__ = "meetings"
    __table_args__ = (
        Index("ix_meetings_room_start", "room", "start"),
        Index("ix_meetings_year_kind", "year", "kind"),
        Index("ix_meetings_organizer", "organizer_unit"),
        Index("ix_meetings_series", "series_id"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    series_id: Mapped[str | None] = mapped_column(ForeignKey("series.id"))
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30))
    provincial_stat: Mapped[bool] = mapped_column(Boolean)
    external_units: Mapped[list[str]] = mapped_column(JSON)
    organizer_unit: Mapped[str] = mapped_column(String(20))
    room: Mapped[str | None] = mapped_column(ForeignKey("rooms.code"))
    start: Mapped[datetime] = mapped_column(UtcDateTime())
    end: Mapped[datetime] = mapped_column(UtcDateTime())
    year: Mapped[int] = mapped_column(Integer)
    attendees: Mapped[list[str]] = mapped_column(JSON)
    attendee_units: Mapped[list[str]] = mapped_column(JSON)
    materials: Mapped[list[str]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20))
    scheduled_by: Mapped[str] = mapped_column(String(100))
    scheduled_at: Mapped[datetime] = mapped_column(UtcDateTime())
    notice_sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    cancel_reason: Mapped[str | None] = mapped_column(String(500))
    minutes_summary: Mapped[str | None] = mapped_column(Text)
    minutes_recorded_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class MeetingUnit(Base):
    """A unit concerned by a meeting (organiser or attendee): what unit filters and calendars read."""

    __tablename__ = "meeting_units"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id"), primary_key=True)
    unit: Mapped[str] = mapped_column(String(20), primary_key=True, index=True)


class Attendance(Base):
    """A sign-in (签到) of one person at one meeting."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "person"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id"), index=True)
    person: Mapped[str] = mapped_column(String(100))
    unit: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    signed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    recorded_by: Mapped[str] = mapped_column(String(100))


class Decision(Base):
    """A decision (确定事项) of a meeting's minutes, for an assignee unit by a due date."""

    __tablename__ = "decisions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(500))
    assignee_unit: Mapped[str] = mapped_column(String(20), index=True)
    due: Mapped[date] = mapped_column(Date)


class CalendarSubscription(Base):
    """A person's secret calendar address (订阅地址) for one feed, for applications that send no token."""

    __tablename__ = "calendar_subscriptions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of the secret
    owner: Mapped[str] = mapped_column(String(100), index=True)
    caller: Mapped[dict[str, Any]] = mapped_column(JSON)  # the owner's claims when subscribing
    feed: Mapped[str] = mapped_column(String(10))  # unit | room
    code: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
