"""Rules of official vehicles: no vehicle or driver is booked twice for overlapping times.

A booking locks the vehicle row (and the driver row) before it checks for overlaps:
`SELECT ... FOR UPDATE` on PostgreSQL, the write lock SQLite takes at BEGIN IMMEDIATE;
so of two concurrent requests for one vehicle the second sees the first and is refused.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.logistics.models import Driver, Trip, Vehicle
from services.logistics.schemas import Action
from services.logistics.service import (
    ANYONE_WHO_WRITES,
    OFFICE,
    announce,
    for_change,
    get_visible,
    not_before,
    require_state,
    unit_for,
)
from services.logistics.vehicles.schemas import (
    DriverCreate,
    TripApprove,
    TripCreate,
    TripFilters,
    TripReject,
    TripReturn,
    VehicleCreate,
)
from shared.auth import Caller
from shared.business_time import office_zone
from shared.command import Command
from shared.contracts.logistics import (
    DriverRegistered,
    TripApproved,
    TripCancelled,
    TripCompleted,
    TripRejected,
    TripRequested,
    VehicleRegistered,
)
from shared.duties import require_other_person
from shared.errors import Conflict, Invalid
from shared.event_data import read_off
from shared.ids import new_id
from shared.lookup import get_or_404
from shared.query import narrowed, of_own_unit
from shared.text import chinese_span

BOOKED = ("requested", "approved")

LABEL = "用车申请"


async def register_vehicle(cmd: Command, payload: VehicleCreate) -> Vehicle:
    """Registers an official vehicle; a plate is registered once."""
    cmd.caller.require(*OFFICE)
    at = cmd.at(payload.at)
    vehicle = Vehicle(
        id=new_id(),
        **payload.model_dump(exclude={"unit", "at"}),
        unit=unit_for(cmd, payload.unit),
        registered_at=at,
    )
    taken = Conflict(f"车牌 {payload.plate} 已登记 (plate already registered)")
    if await cmd.session.scalar(select(Vehicle.id).where(Vehicle.plate == payload.plate)) is not None:
        raise taken
    cmd.session.add(vehicle)
    try:
        await cmd.session.flush()
    except IntegrityError as exc:
        raise taken from exc
    await announce(cmd, read_off(VehicleRegistered, vehicle, at=at))
    return vehicle


async def register_driver(cmd: Command, payload: DriverCreate) -> Driver:
    """Registers a driver."""
    cmd.caller.require(*OFFICE)
    at = cmd.at(payload.at)
    unit = unit_for(cmd, payload.unit)
    driver = Driver(id=new_id(), name=payload.name, phone=payload.phone, unit=unit, registered_at=at)
    cmd.session.add(driver)
    await announce(cmd, read_off(DriverRegistered, driver, at=at))
    return driver


def list_vehicles() -> Select[Vehicle]:
    """The vehicle pool: every vehicle (every caller may see it, to book)."""
    return select(Vehicle)


def list_drivers() -> Select[Driver]:
    """Every driver."""
    return select(Driver)


async def get_vehicle(session: AsyncSession, vehicle_id: str) -> Vehicle:
    return await get_or_404(session, Vehicle, vehicle_id, f"车辆 {vehicle_id} 不存在 (vehicle not found)")


async def _lock_vehicle(session: AsyncSession, vehicle_id: str) -> Vehicle:
    vehicle = await session.scalar(select(Vehicle).where(Vehicle.id == vehicle_id).with_for_update())
    if vehicle is None:
        raise Invalid("vehicle_id", f"车辆 {vehicle_id} 不存在 (no such vehicle)")
    return vehicle


async def _lock_driver(session: AsyncSession, driver_id: str) -> Driver:
    driver = await session.scalar(select(Driver).where(Driver.id == driver_id).with_for_update())
    if driver is None:
        raise Invalid("driver_id", f"驾驶员 {driver_id} 不存在 (no such driver)")
    return driver


async def _overlapping(
    session: AsyncSession, column: Any, key: str, start: datetime, end: datetime, exclude: str | None
) -> Trip | None:
    query = select(Trip).where(column == key, Trip.status.in_(BOOKED), Trip.start < end, Trip.end > start)
    if exclude is not None:
        query = query.where(Trip.id != exclude)
    return await session.scalar(query.limit(1))


async def _ensure_free(
    session: AsyncSession,
    *,
    vehicle: Vehicle,
    driver: Driver | None,
    start: datetime,
    end: datetime,
    exclude: str | None = None,
) -> None:
    clash = await _overlapping(session, Trip.vehicle_id, vehicle.id, start, end, exclude)
    if clash is not None:
        raise Conflict(
            f"车辆 {vehicle.plate} 在该时段已被预约（{chinese_span(clash.start, clash.end, office_zone())}）"
            " (vehicle already booked)"
        )
    if driver is not None:
        clash = await _overlapping(session, Trip.driver_id, driver.id, start, end, exclude)
        if clash is not None:
            raise Conflict(f"驾驶员 {driver.name} 在该时段已有出车任务 (driver already booked)")


async def request_trip(cmd: Command, payload: TripCreate) -> Trip:
    """Books a vehicle (and driver) for an interval, refusing any overlap with a live booking."""
    cmd.caller.require(*ANYONE_WHO_WRITES)
    unit = unit_for(cmd, payload.unit)
    at = cmd.at(payload.at)
    session = cmd.session
    vehicle = await _lock_vehicle(session, payload.vehicle_id)
    driver = await _lock_driver(session, payload.driver_id) if payload.driver_id else None
    if payload.passengers > vehicle.seats:
        raise Invalid("passengers", f"乘车人数超过车辆座位数 {vehicle.seats} (more passengers than seats)")
    await _ensure_free(session, vehicle=vehicle, driver=driver, start=payload.start, end=payload.end)
    trip = Trip(
        id=new_id(),
        **payload.model_dump(exclude={"vehicle_id", "driver_id", "unit", "at"}),
        vehicle_id=vehicle.id,
        driver_id=driver.id if driver else None,
        unit=unit,
        status="requested",
        requested_by=cmd.caller.sub,
        requested_at=at,
    )
    session.add(trip)
    await announce(cmd, read_off(TripRequested, trip, at=at))
    return trip


async def get_trip(session: AsyncSession, caller: Caller, trip_id: str, *, lock: bool = False) -> Trip:
    return await get_visible(session, Trip, trip_id, caller, label=LABEL, lock=lock)


async def approve_trip(cmd: Command, trip_id: str, payload: TripApprove, separate: bool = True) -> Trip:
    """Approves someone else's request (审批), optionally assigning its driver; the driver must be free."""
    cmd.caller.require(*OFFICE)
    at = cmd.at(payload.at)
    session, caller = cmd.session, cmd.caller
    trip = await get_trip(session, caller, trip_id)
    vehicle = await _lock_vehicle(session, trip.vehicle_id)
    await session.refresh(trip, with_for_update=True)
    require_state(LABEL, trip.status, ("requested",), "审批 approve")
    require_other_person(
        caller,
        trip.requested_by,
        rule="requester-approves",
        message="用车申请人不能审批本人的用车申请",
        enforced=separate,
    )
    not_before(at, trip.requested_at)
    driver_id = payload.driver_id or trip.driver_id
    if driver_id is None:
        raise Invalid("driver_id", "审批时须指派驾驶员 (assign a driver to approve)")
    driver = await _lock_driver(session, driver_id)
    await _ensure_free(
        session, vehicle=vehicle, driver=driver, start=trip.start, end=trip.end, exclude=trip.id
    )
    trip.driver_id, trip.status, trip.decided_by, trip.decided_at = driver.id, "approved", caller.sub, at
    await announce(cmd, read_off(TripApproved, trip, at=at))
    return trip


async def reject_trip(cmd: Command, trip_id: str, payload: TripReject) -> Trip:
    """Refuses a request, with the reason; the vehicle is free again."""
    cmd.caller.require(*OFFICE)
    at = cmd.at(payload.at)
    trip = await for_change(cmd, Trip, trip_id, ("requested",), "驳回 reject", label=LABEL)
    not_before(at, trip.requested_at)
    trip.status, trip.decided_by, trip.decided_at, trip.reason = (
        "rejected",
        cmd.caller.sub,
        at,
        payload.reason,
    )
    await announce(cmd, read_off(TripRejected, trip, at=at))
    return trip


async def cancel_trip(cmd: Command, trip_id: str, payload: Action) -> Trip:
    """Withdraws a request or an approved booking before the trip."""
    cmd.caller.require(*ANYONE_WHO_WRITES)
    at = cmd.at(payload.at)
    trip = await for_change(cmd, Trip, trip_id, BOOKED, "取消 cancel", label=LABEL)
    not_before(at, trip.requested_at)
    trip.status, trip.cancelled_at = "cancelled", at
    await announce(cmd, read_off(TripCancelled, trip, at=at))
    return trip


async def return_trip(cmd: Command, trip_id: str, payload: TripReturn) -> Trip:
    """Records the vehicle's return and its mileage (the odometer now minus before)."""
    cmd.caller.require(*OFFICE)
    at = cmd.at(payload.at)
    session = cmd.session
    trip = await get_trip(session, cmd.caller, trip_id)
    vehicle = await _lock_vehicle(session, trip.vehicle_id)
    await session.refresh(trip, with_for_update=True)
    require_state(LABEL, trip.status, ("approved",), "还车 return")
    not_before(at, trip.start)
    if payload.odometer_km < vehicle.odometer_km:
        raise Invalid(
            "odometer_km", f"里程表读数不能小于出车前的 {vehicle.odometer_km} 公里 (below the reading before)"
        )
    trip.odometer_start_km, trip.odometer_end_km = vehicle.odometer_km, payload.odometer_km
    trip.mileage_km = payload.odometer_km - vehicle.odometer_km
    trip.status, trip.returned_at = "completed", at
    vehicle.odometer_km = payload.odometer_km
    await announce(cmd, read_off(TripCompleted, trip, at=at))
    return trip


def list_trips(caller: Caller, filters: TripFilters) -> Select[Trip]:
    """Requests the caller may see, narrowed by the portal's filters."""
    query = of_own_unit(caller, select(Trip), Trip.unit)
    return narrowed(
        query,
        (Trip.unit, filters.unit),
        (Trip.status, filters.status),
        (Trip.vehicle_id, filters.vehicle_id),
    )
