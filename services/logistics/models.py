"""Tables of the logistics service (the spine tables come with every service)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from shared.calendar import CalendarYearColumns
from shared.types import UtcDateTime

Money = Numeric(14, 2)


class Base(DeclarativeBase):
    pass


# 公务用车


class Vehicle(Base):
    """An official vehicle; its row is the lock a booking takes."""

    __tablename__ = "vehicles"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    plate: Mapped[str] = mapped_column(String(20), unique=True)
    model: Mapped[str] = mapped_column(String(100))
    seats: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(20))
    odometer_km: Mapped[int] = mapped_column(Integer)
    registered_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Driver(Base):
    __tablename__ = "drivers"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    phone: Mapped[str | None] = mapped_column(String(30))
    unit: Mapped[str] = mapped_column(String(20))
    registered_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Trip(Base):
    """A vehicle request (用车申请) for an interval, and the trip it becomes."""

    __tablename__ = "trips"
    __table_args__ = (
        Index("ix_trips_vehicle_interval", "vehicle_id", "start", "end"),
        Index("ix_trips_driver_interval", "driver_id", "start", "end"),
        Index("ix_trips_unit_status", "unit", "status"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    vehicle_id: Mapped[str] = mapped_column(ForeignKey("vehicles.id"))
    driver_id: Mapped[str | None] = mapped_column(ForeignKey("drivers.id"))
    unit: Mapped[str] = mapped_column(String(20))
    purpose: Mapped[str] = mapped_column(String(200))
    destination: Mapped[str | None] = mapped_column(String(200))
    passengers: Mapped[int] = mapped_column(Integer)
    start: Mapped[datetime] = mapped_column(UtcDateTime())
    end: Mapped[datetime] = mapped_column(UtcDateTime())
    status: Mapped[str] = mapped_column(String(20))
    requested_by: Mapped[str] = mapped_column(String(100))
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime())
    decided_by: Mapped[str | None] = mapped_column(String(100))
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    reason: Mapped[str | None] = mapped_column(String(500))
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    returned_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    odometer_start_km: Mapped[int | None] = mapped_column(Integer)
    odometer_end_km: Mapped[int | None] = mapped_column(Integer)
    mileage_km: Mapped[int | None] = mapped_column(Integer)


# 公务接待


class Reception(Base):
    """An official reception (公务接待) within the per-head limits."""

    __tablename__ = "receptions"
    __table_args__ = (Index("ix_receptions_unit_start", "unit", "start"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    unit: Mapped[str] = mapped_column(String(20))
    party: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(String(200))
    headcount: Mapped[int] = mapped_column(Integer)
    escorts: Mapped[int] = mapped_column(Integer)
    start: Mapped[datetime] = mapped_column(UtcDateTime())
    days: Mapped[int] = mapped_column(Integer)
    nights: Mapped[int] = mapped_column(Integer)
    meals_cost: Mapped[Decimal] = mapped_column(Money)
    lodging_cost: Mapped[Decimal] = mapped_column(Money)
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())


# 办公用品


class SupplyItem(Base):
    """An office supply and its stock; stock only changes by conditional UPDATE."""

    __tablename__ = "supply_items"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    spec: Mapped[str | None] = mapped_column(String(100))
    measure: Mapped[str] = mapped_column(String(10))
    unit: Mapped[str] = mapped_column(String(20))  # the keeper of the stock
    stock: Mapped[int] = mapped_column(Integer)
    low_stock_threshold: Mapped[int] = mapped_column(Integer)
    low_alerted: Mapped[bool] = mapped_column(Boolean)
    registered_at: Mapped[datetime] = mapped_column(UtcDateTime())


class SupplyMovement(Base):
    """A purchase in (采购) or a requisition out (领用)."""

    __tablename__ = "supply_movements"
    __table_args__ = (Index("ix_supply_movements_item", "item_id"), Index("ix_supply_movements_unit", "unit"))

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("supply_items.id"))
    kind: Mapped[str] = mapped_column(String(20))
    unit: Mapped[str] = mapped_column(String(20))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[Decimal | None] = mapped_column(Money)
    supplier: Mapped[str | None] = mapped_column(String(100))
    stock_after: Mapped[int] = mapped_column(Integer)
    recorded_by: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(UtcDateTime())


# 报刊征订


class Subscription(Base):
    __tablename__ = "subscriptions"
    __table_args__ = (Index("ix_subscriptions_year_unit", "year", "unit"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    publisher: Mapped[str | None] = mapped_column(String(100))
    copies: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(20))
    unit_price: Mapped[Decimal] = mapped_column(Money)
    cost: Mapped[Decimal] = mapped_column(Money)
    placed_by: Mapped[str] = mapped_column(String(100))
    placed_at: Mapped[datetime] = mapped_column(UtcDateTime())


# 报修


class Ticket(Base):
    """A maintenance ticket (报修单): open → in_progress → resolved, or cancelled."""

    __tablename__ = "tickets"
    __table_args__ = (Index("ix_tickets_unit_status", "unit", "status"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    unit: Mapped[str] = mapped_column(String(20))
    category: Mapped[str] = mapped_column(String(20))
    location: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    opened_by: Mapped[str] = mapped_column(String(100))
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime())
    assignee: Mapped[str | None] = mapped_column(String(100))
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    resolution: Mapped[str | None] = mapped_column(Text)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    resolve_minutes: Mapped[int | None] = mapped_column(Integer)
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


# 巡检


class InspectionPlan(Base):
    """A recurring inspection (周巡检、月监测、季普查、年报告): one result due per period."""

    __tablename__ = "inspection_plans"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    target: Mapped[str] = mapped_column(String(200))
    cadence: Mapped[str] = mapped_column(String(20))
    unit: Mapped[str] = mapped_column(String(20))
    starts_on: Mapped[date] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class InspectionResult(Base):
    __tablename__ = "inspection_results"
    __table_args__ = (Index("ix_inspection_results_plan_period", "plan_id", "period_start"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    plan_id: Mapped[str] = mapped_column(ForeignKey("inspection_plans.id"))
    period_start: Mapped[date] = mapped_column(Date)
    performed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    outcome: Mapped[str] = mapped_column(String(10))
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    performed_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())


class InspectionMiss(Base):
    """A period that ended without a result, recorded once (so its event is published once)."""

    __tablename__ = "inspection_misses"

    plan_id: Mapped[str] = mapped_column(ForeignKey("inspection_plans.id"), primary_key=True)
    period_start: Mapped[date] = mapped_column(Date, primary_key=True)
    period_end: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())


# 节假日值班


class DutyRoster(Base):
    """A holiday duty roster (节假日值班表), published as a whole; its days are its shifts."""

    __tablename__ = "duty_rosters"
    __table_args__ = (Index("ix_duty_rosters_start", "start_on"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    holiday: Mapped[str] = mapped_column(String(50))
    unit: Mapped[str] = mapped_column(String(20))
    start_on: Mapped[date] = mapped_column(Date)
    end_on: Mapped[date] = mapped_column(Date)
    published_by: Mapped[str] = mapped_column(String(100))
    published_at: Mapped[datetime] = mapped_column(UtcDateTime())


class DutyShift(Base):
    """One person on duty on one day of a roster, as leader (带班领导) or staff (值班人员)."""

    __tablename__ = "duty_shifts"
    __table_args__ = (
        UniqueConstraint("roster_id", "day", "person", name="uq_duty_shifts_roster_day_person"),
        Index("ix_duty_shifts_day", "day"),
        Index("ix_duty_shifts_roster_person", "roster_id", "person"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    roster_id: Mapped[str] = mapped_column(ForeignKey("duty_rosters.id"))
    day: Mapped[date] = mapped_column(Date)
    role: Mapped[str] = mapped_column(String(10))
    person: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(50))
    unit: Mapped[str] = mapped_column(String(20))
    phone: Mapped[str | None] = mapped_column(String(30))
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime())
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime())


class DutySwap(Base):
    """A request to hand a shift to someone else on the roster (换班): requested → approved | rejected."""

    __tablename__ = "duty_swaps"
    __table_args__ = (
        Index("ix_duty_swaps_shift_status", "shift_id", "status"),
        Index("ix_duty_swaps_roster", "roster_id"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    roster_id: Mapped[str] = mapped_column(ForeignKey("duty_rosters.id"))
    shift_id: Mapped[str] = mapped_column(ForeignKey("duty_shifts.id"))
    from_person: Mapped[str] = mapped_column(String(100))
    with_person: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(20))
    requested_by: Mapped[str] = mapped_column(String(100))
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime())
    decided_by: Mapped[str | None] = mapped_column(String(100))
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    rejection_reason: Mapped[str | None] = mapped_column(String(500))


class DutyReminder(Base):
    """A reminder due before a shift: claimed once (`sent_at` set with its event in one transaction)."""

    __tablename__ = "duty_reminders"
    __table_args__ = (
        UniqueConstraint("shift_id", "due_at", name="uq_duty_reminders_shift_due"),
        Index("ix_duty_reminders_due", "sent_at", "due_at"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    roster_id: Mapped[str] = mapped_column(ForeignKey("duty_rosters.id"))
    shift_id: Mapped[str] = mapped_column(ForeignKey("duty_shifts.id"))
    person: Mapped[str] = mapped_column(String(100))
    due_at: Mapped[datetime] = mapped_column(UtcDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    outcome: Mapped[str | None] = mapped_column(String(10))  # sent | expired (the shift was over)


class CalendarYear(CalendarYearColumns, Base):
    """A year's holiday arrangement kept from docs' `calendar.arranged` (shipped years: the holidays file)."""

    __tablename__ = "calendar_years"
