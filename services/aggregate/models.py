"""Tables of the aggregate service: pre-aggregated figures, never a scan of events.

Figures belong to a generation: the live one answers queries while a rebuild fills the
next from the start of the stream; when it has caught up the next becomes live.
"""

from datetime import datetime

from sqlalchemy import BigInteger, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from shared.types import UtcDateTime

ALL_UNITS = "*"


class Base(DeclarativeBase):
    pass


class Figure(Base):
    """A count or sum: a metric (`docs.received.oa`) in a month, for a unit or all (`*`)."""

    __tablename__ = "figures"

    generation: Mapped[int] = mapped_column(Integer, primary_key=True)
    metric: Mapped[str] = mapped_column(String(80), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    month: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit: Mapped[str] = mapped_column(String(20), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class Fact(Base):
    """A value that is set, not added (a rank, a target): the latest by business time wins."""

    __tablename__ = "facts"

    generation: Mapped[int] = mapped_column(Integer, primary_key=True)
    metric: Mapped[str] = mapped_column(String(80), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit: Mapped[str] = mapped_column(String(20), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)
    at: Mapped[datetime] = mapped_column(UtcDateTime())


class Generation(Base):
    """One projection of the stream: its consumer, progress, and whether it is live."""

    __tablename__ = "generations"

    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    state: Mapped[str] = mapped_column(String(20))  # building | live | retired
    applied: Mapped[int] = mapped_column(BigInteger, default=0)
    last_event_time: Mapped[datetime | None] = mapped_column(UtcDateTime())
    started_at: Mapped[datetime] = mapped_column(UtcDateTime())
    live_since: Mapped[datetime | None] = mapped_column(UtcDateTime())


class Indicator(Base):
    """A performance indicator (绩效指标) of a year: its points, target and self-assessed score."""

    __tablename__ = "indicators"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))  # basic | aspirational | bonus | management | special
    office_led: Mapped[bool] = mapped_column(default=False)  # the office undertakes it (办公室承担)
    points: Mapped[int] = mapped_column(Integer)
    self_score: Mapped[int | None] = mapped_column(Integer)
    completed: Mapped[bool] = mapped_column(default=False)
    at_risk: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str | None] = mapped_column(String(500))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ReportedFigure(Base):
    """A reported figure (填报数) as projected from its event: the latest entry wins."""

    __tablename__ = "reported_figures"

    generation: Mapped[int] = mapped_column(Integer, primary_key=True)
    metric: Mapped[str] = mapped_column(String(80), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit: Mapped[str] = mapped_column(String(20), primary_key=True)
    value: Mapped[str] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(String(500))
    entered_by: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(UtcDateTime())


class ReportedEntry(Base):
    """What office staff entered (the write side of `PUT /reported/{year}`), answered at once."""

    __tablename__ = "reported_entries"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    metric: Mapped[str] = mapped_column(String(80), primary_key=True)
    unit: Mapped[str] = mapped_column(String(20), primary_key=True)
    value: Mapped[str] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(String(500))
    entered_by: Mapped[str] = mapped_column(String(100))
    entered_at: Mapped[datetime] = mapped_column(UtcDateTime())
