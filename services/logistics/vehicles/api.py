"""Routes of official vehicles (公务用车)."""

from typing import Any

from fastapi import APIRouter
from sqlalchemy import select

from services.logistics.models import Driver, Trip, Vehicle
from services.logistics.schemas import Action
from services.logistics.vehicles import service
from services.logistics.vehicles.schemas import (
    DriverCreate,
    DriverRead,
    TripApprove,
    TripCreate,
    TripRead,
    TripReject,
    TripReturn,
    VehicleCreate,
    VehicleRead,
)
from services.logistics.web import commit_change
from shared.app import Registry, Session
from shared.auth import CurrentCaller
from shared.contracts.logistics import TripStatus
from shared.duties import SeparationOfDuties
from shared.idempotency import IdempotencyHeader
from shared.pagination import Cursor, Limit, Page, paginate

router = APIRouter(tags=["vehicles"])


@router.post("/vehicles", status_code=201, response_model=VehicleRead)
async def register_vehicle(
    payload: VehicleCreate,
    session: Session,
    caller: CurrentCaller,
    units: Registry,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Registers an official vehicle; 409 if its plate is registered already."""
    return await commit_change(
        session,
        caller,
        key=idempotency_key,
        route="POST /vehicles",
        change=lambda: service.register_vehicle(session=session, caller=caller, units=units, payload=payload),
        read=VehicleRead,
        status_code=201,
    )


@router.get("/vehicles")
async def list_vehicles(
    session: Session, caller: CurrentCaller, limit: Limit = 50, cursor: Cursor = None
) -> Page[VehicleRead]:
    """The vehicle pool (every caller may see it, to book)."""
    rows, next_cursor = await paginate(session, select(Vehicle), key=Vehicle.id, limit=limit, cursor=cursor)
    return Page(items=[VehicleRead.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.get("/vehicles/{vehicle_id}")
async def get_vehicle(vehicle_id: str, session: Session, caller: CurrentCaller) -> VehicleRead:
    """One vehicle, with its odometer."""
    return VehicleRead.model_validate(await service.get_vehicle(session=session, vehicle_id=vehicle_id))


@router.post("/drivers", status_code=201, response_model=DriverRead)
async def register_driver(
    payload: DriverCreate,
    session: Session,
    caller: CurrentCaller,
    units: Registry,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Registers a driver."""
    return await commit_change(
        session,
        caller,
        key=idempotency_key,
        route="POST /drivers",
        change=lambda: service.register_driver(session=session, caller=caller, units=units, payload=payload),
        read=DriverRead,
        status_code=201,
    )


@router.get("/drivers")
async def list_drivers(
    session: Session, caller: CurrentCaller, limit: Limit = 50, cursor: Cursor = None
) -> Page[DriverRead]:
    """The drivers."""
    rows, next_cursor = await paginate(session, select(Driver), key=Driver.id, limit=limit, cursor=cursor)
    return Page(items=[DriverRead.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.post("/trips", status_code=201, response_model=TripRead)
async def request_trip(
    payload: TripCreate,
    session: Session,
    caller: CurrentCaller,
    units: Registry,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Requests a vehicle for an interval (用车申请); 409 if the vehicle or driver is booked then."""
    return await commit_change(
        session,
        caller,
        key=idempotency_key,
        route="POST /trips",
        change=lambda: service.request_trip(session=session, caller=caller, units=units, payload=payload),
        read=TripRead,
        status_code=201,
    )


@router.get("/trips")
async def list_trips(
    session: Session,
    caller: CurrentCaller,
    unit: str | None = None,
    status: TripStatus | None = None,
    vehicle_id: str | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[TripRead]:
    """Vehicle requests the caller may see, oldest first."""
    query = service.list_trips(caller, unit=unit, status=status, vehicle_id=vehicle_id)
    rows, next_cursor = await paginate(session, query, key=Trip.id, limit=limit, cursor=cursor)
    return Page(items=[TripRead.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.get("/trips/{trip_id}")
async def get_trip(trip_id: str, session: Session, caller: CurrentCaller) -> TripRead:
    """One vehicle request."""
    return TripRead.model_validate(await service.get_trip(session=session, caller=caller, trip_id=trip_id))


@router.post("/trips/{trip_id}/approve", response_model=TripRead)
async def approve_trip(
    trip_id: str,
    payload: TripApprove,
    session: Session,
    caller: CurrentCaller,
    separate: SeparationOfDuties,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Approves a request and assigns its driver (审批派车); 409 unless requested, or if the caller asked."""
    return await commit_change(
        session,
        caller,
        key=idempotency_key,
        route=f"POST /trips/{trip_id}/approve",
        change=lambda: service.approve_trip(
            session=session, caller=caller, trip_id=trip_id, payload=payload, separate=separate
        ),
        read=TripRead,
    )


@router.post("/trips/{trip_id}/reject", response_model=TripRead)
async def reject_trip(
    trip_id: str,
    payload: TripReject,
    session: Session,
    caller: CurrentCaller,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Refuses a request, with the reason; 409 unless requested."""
    return await commit_change(
        session,
        caller,
        key=idempotency_key,
        route=f"POST /trips/{trip_id}/reject",
        change=lambda: service.reject_trip(session=session, caller=caller, trip_id=trip_id, payload=payload),
        read=TripRead,
    )


@router.post("/trips/{trip_id}/cancel", response_model=TripRead)
async def cancel_trip(
    trip_id: str,
    payload: Action,
    session: Session,
    caller: CurrentCaller,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Withdraws a request or a booking before the trip."""
    return await commit_change(
        session,
        caller,
        key=idempotency_key,
        route=f"POST /trips/{trip_id}/cancel",
        change=lambda: service.cancel_trip(session=session, caller=caller, trip_id=trip_id, at=payload.at),
        read=TripRead,
    )


@router.post("/trips/{trip_id}/return", response_model=TripRead)
async def return_trip(
    trip_id: str,
    payload: TripReturn,
    session: Session,
    caller: CurrentCaller,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Records the vehicle's return with its odometer reading (mileage = the difference)."""
    return await commit_change(
        session,
        caller,
        key=idempotency_key,
        route=f"POST /trips/{trip_id}/return",
        change=lambda: service.return_trip(session=session, caller=caller, trip_id=trip_id, payload=payload),
        read=TripRead,
    )
