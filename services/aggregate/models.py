"""Tables of the aggregate service: pre-aggregated figures, never a scan of events."""

from sqlalchemy import BigInteger, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ALL_UNITS = "*"


class Base(DeclarativeBase):
    pass


class Figure(Base):
    """One count: a metric (`docs.received.oa`) in a month of a year, for a unit or all (`*`)."""

    __tablename__ = "figures"

    metric: Mapped[str] = mapped_column(String(80), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    month: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit: Mapped[str] = mapped_column(String(20), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)
