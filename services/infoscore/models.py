"""Tables of the infoscore service (the spine tables come with every service)."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from shared.types import UtcDateTime


class Base(DeclarativeBase):
    pass


class ScoringRules(Base):
    """Points per adoption level and the leader-instruction bonus, for one year."""

    __tablename__ = "scoring_rules"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    national: Mapped[int] = mapped_column(Integer)
    provincial: Mapped[int] = mapped_column(Integer)
    department: Mapped[int] = mapped_column(Integer)
    instruction_bonus: Mapped[int] = mapped_column(Integer)
    set_by: Mapped[str] = mapped_column(String(100))
    set_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Target(Base):
    """A unit's yearly target, with its monthly breakdown (a list of 12 month targets)."""

    __tablename__ = "targets"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit: Mapped[str] = mapped_column(String(20), primary_key=True)
    submissions: Mapped[int] = mapped_column(Integer)
    adoptions: Mapped[int] = mapped_column(Integer)
    points: Mapped[int] = mapped_column(Integer)
    party: Mapped[int] = mapped_column(Integer)
    months: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    set_by: Mapped[str] = mapped_column(String(100))
    set_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Submission(Base):
    """An information item (信息) a unit submitted."""

    __tablename__ = "submissions"
    __table_args__ = (Index("ix_submissions_year_unit", "year", "unit"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    unit: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(20))
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime())
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    submitted_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Adoption(Base):
    """An outlet's adoption (采用) of a submission, its points fixed when recorded.

    `live` is true while the adoption stands and NULL once withdrawn, so the unique
    constraint forbids a second standing adoption by one outlet and allows a new one
    after a withdrawal (NULLs never collide on either database).
    """

    __tablename__ = "adoptions"
    __table_args__ = (
        UniqueConstraint("submission_id", "outlet", "live", name="uq_adoptions_outlet_live"),
        Index("ix_adoptions_year_unit", "year", "unit"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    submission_id: Mapped[str] = mapped_column(String(32), index=True)
    unit: Mapped[str] = mapped_column(String(20))
    category: Mapped[str] = mapped_column(String(20))
    level: Mapped[str] = mapped_column(String(20))
    outlet: Mapped[str] = mapped_column(String(100))
    instruction: Mapped[bool] = mapped_column(Boolean)
    points: Mapped[int] = mapped_column(Integer)
    adopted_at: Mapped[datetime] = mapped_column(UtcDateTime())
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    live: Mapped[bool | None] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(20))
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())
    withdrawn_reason: Mapped[str | None] = mapped_column(String(200))
    withdrawn_by: Mapped[str | None] = mapped_column(String(100))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class Notice(Base):
    """A published monthly notice (通报) and the table it published."""

    __tablename__ = "notices"
    __table_args__ = (UniqueConstraint("year", "month", name="uq_notices_year_month"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    rows: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    published_by: Mapped[str] = mapped_column(String(100))
    published_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Assessment(Base):
    """The region's ranking of the department for one year."""

    __tablename__ = "assessments"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    rank: Mapped[int] = mapped_column(Integer)
    points: Mapped[float] = mapped_column(Float)
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Disclosure(Base):
    """An item published on the department's website (政务公开)."""

    __tablename__ = "disclosures"
    __table_args__ = (Index("ix_disclosures_year_month", "year", "month"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(40))
    published_at: Mapped[datetime] = mapped_column(UtcDateTime())
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())
