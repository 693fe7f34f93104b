"""Events the logistics service publishes (后勤).

Every event names the unit it concerns and `at`, the business time of the action, so
that the aggregate counts by year and month in the office's calendar: receptions,
vehicle trips, purchases, requisitions, subscriptions, maintenance tickets opened and
resolved, inspections done and missed.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import ClassVar, Literal

from shared.contracts.base import EventData

TripStatus = Literal["requested", "approved", "rejected", "cancelled", "completed"]
TicketCategory = Literal["water", "power", "doors_windows", "drains", "other"]
Cadence = Literal["weekly", "monthly", "quarterly", "yearly"]


class LogisticsEvent(EventData):
    """What every logistics event carries: the record, its unit, the business time."""

    service: ClassVar[str] = "logistics"

    id: str
    unit: str
    at: datetime


# 公务用车 (official vehicles)


class VehicleRegistered(LogisticsEvent):
    entity: ClassVar[str] = "vehicle"
    action: ClassVar[str] = "registered"

    plate: str
    seats: int


class DriverRegistered(LogisticsEvent):
    entity: ClassVar[str] = "driver"
    action: ClassVar[str] = "registered"

    name: str


class TripEvent(LogisticsEvent):
    entity: ClassVar[str] = "trip"

    vehicle_id: str
    driver_id: str | None
    start: datetime
    end: datetime


class TripRequested(TripEvent):
    """A unit asked for a vehicle for an interval (用车申请)."""

    action: ClassVar[str] = "requested"

    purpose: str
    destination: str | None = None
    passengers: int


class TripApproved(TripEvent):
    action: ClassVar[str] = "approved"


class TripRejected(TripEvent):
    action: ClassVar[str] = "rejected"

    reason: str


class TripCancelled(TripEvent):
    action: ClassVar[str] = "cancelled"


class TripCompleted(TripEvent):
    """The vehicle came back: one vehicle trip (出车) with its mileage."""

    action: ClassVar[str] = "completed"

    mileage_km: int


# 公务接待 (official reception)


class ReceptionRecorded(LogisticsEvent):
    """A reception was recorded; it counts in the year and month of its `start`."""

    entity: ClassVar[str] = "reception"
    action: ClassVar[str] = "recorded"

    start: datetime
    party: str
    headcount: int
    escorts: int
    meals_cost: Decimal
    lodging_cost: Decimal


# 办公用品 (office supplies)


class SupplyItemRegistered(LogisticsEvent):
    entity: ClassVar[str] = "supply"
    action: ClassVar[str] = "registered"

    name: str
    measure: str
    low_stock_threshold: int


class SupplyPurchased(LogisticsEvent):
    """Items came in (采购入库)."""

    entity: ClassVar[str] = "supply"
    action: ClassVar[str] = "purchased"

    item_id: str
    quantity: int
    unit_price: Decimal
    amount: Decimal
    stock: int


class SupplyRequisitioned(LogisticsEvent):
    """A unit took items out (领用出库)."""

    entity: ClassVar[str] = "supply"
    action: ClassVar[str] = "requisitioned"

    item_id: str
    quantity: int
    stock: int


class SupplyStockLow(LogisticsEvent):
    """An item's stock fell to or below its threshold (库存预警); raised once until restocked."""

    entity: ClassVar[str] = "supply"
    action: ClassVar[str] = "stock_low"

    item_id: str
    name: str
    stock: int
    low_stock_threshold: int


# 报刊征订 (subscriptions)


class SubscriptionPlaced(LogisticsEvent):
    entity: ClassVar[str] = "subscription"
    action: ClassVar[str] = "placed"

    year: int
    title: str
    copies: int
    cost: Decimal


# 报修 (maintenance)


class TicketEvent(LogisticsEvent):
    entity: ClassVar[str] = "ticket"

    category: TicketCategory


class TicketOpened(TicketEvent):
    action: ClassVar[str] = "opened"

    location: str


class TicketStarted(TicketEvent):
    action: ClassVar[str] = "started"

    assignee: str


class TicketResolved(TicketEvent):
    action: ClassVar[str] = "resolved"

    opened_at: datetime
    resolve_minutes: int


class TicketCancelled(TicketEvent):
    action: ClassVar[str] = "cancelled"


# 巡检 (recurring inspections)


class InspectionPlanCreated(LogisticsEvent):
    entity: ClassVar[str] = "inspection"
    action: ClassVar[str] = "planned"

    name: str
    target: str
    cadence: Cadence


class InspectionCompleted(LogisticsEvent):
    """An inspection was done for a period of its plan (巡检完成)."""

    entity: ClassVar[str] = "inspection"
    action: ClassVar[str] = "completed"

    plan_id: str
    cadence: Cadence
    period_start: date
    outcome: Literal["ok", "issues"]
    findings: int


class InspectionMissed(LogisticsEvent):
    """A period of a plan ended with no inspection recorded (逾期未巡检); `at` is the period's end."""

    entity: ClassVar[str] = "inspection"
    action: ClassVar[str] = "missed"

    plan_id: str
    cadence: Cadence
    period_start: date
    period_end: date


# 节假日值班 (holiday duty rosters)

DutyRole = Literal["leader", "staff"]
DutySwapStatus = Literal["requested", "approved", "rejected"]


class DutyPerson(EventData):
    """One person on duty on one day: the shift id, who (their `sub`), name, unit, phone."""

    shift_id: str
    person: str
    name: str
    unit: str
    phone: str | None = None


class DutyDayPublished(EventData):
    date: date
    leader: DutyPerson
    staff: list[DutyPerson]


class DutyRosterPublished(LogisticsEvent):
    """A holiday duty roster was published as a whole (值班表发布); `people` lists everyone on it."""

    entity: ClassVar[str] = "duty"
    action: ClassVar[str] = "published"

    name: str
    holiday: str
    start: date
    end: date
    days: list[DutyDayPublished]
    people: list[str]


class DutySwapEvent(LogisticsEvent):
    """A swap of one shift (换班): `from_person` hands the shift on `date` to `with_person`."""

    entity: ClassVar[str] = "duty"

    roster_id: str
    shift_id: str
    date: date
    role: DutyRole
    from_person: str
    with_person: str
    people: list[str]


class DutySwapRequested(DutySwapEvent):
    action: ClassVar[str] = "swap_requested"

    reason: str
    requested_by: str


class DutySwapApproved(DutySwapEvent):
    """The roster changed: the shift is now `with_person`'s, and so is its pending reminder."""

    action: ClassVar[str] = "swap_approved"

    decided_by: str


class DutySwapRejected(DutySwapEvent):
    """The roster stays as it was; whoever asked is told why."""

    action: ClassVar[str] = "swap_rejected"

    decided_by: str
    rejection_reason: str
    requested_by: str | None = (
        None  # who asked for the swap (absent from events published before it was added)
    )


class DutyShiftReminder(LogisticsEvent):
    """A reminder before a shift (值班提醒), sent once to the person on duty; `at` is when it was due."""

    entity: ClassVar[str] = "duty"
    action: ClassVar[str] = "reminded"

    roster_id: str
    roster_name: str
    holiday: str
    shift_id: str
    date: date
    role: DutyRole
    person: str
    name: str
    phone: str | None = None
    starts_at: datetime
    ends_at: datetime
