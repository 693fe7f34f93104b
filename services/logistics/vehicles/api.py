"""Routes of official vehicles (公务用车)."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from services.logistics.models import Driver, Trip, Vehicle
from services.logistics.schemas import Action
from services.logistics.vehicles import service
from services.logistics.vehicles.schemas import (
    DriverCreate,
    DriverRead,
    TripApprove,
    TripCreate,
    TripFilters,
    TripRead,
    TripReject,
    TripReturn,
    VehicleCreate,
    VehicleRead,
)
from shared.bounds import IdPath
from shared.command import Ask, Cmd
from shared.duties import SeparationOfDuties
from shared.pagination import Page, Paging

router = APIRouter(tags=["vehicles"])


@router.post("/vehicles", status_code=201, response_model=VehicleRead)
async def register_vehicle(payload: VehicleCreate, cmd: Cmd) -> Any:
    """Registers an official vehicle; 409 if its plate is registered already."""
    return await cmd.answer(service.register_vehicle(cmd, payload), VehicleRead)


@router.get("/vehicles")
async def list_vehicles(ask: Ask, paging: Paging) -> Page[VehicleRead]:
    """The vehicle pool (every caller may see it, to book)."""
    return await ask.page(service.list_vehicles(), key=Vehicle.id, read=VehicleRead, paging=paging)


@router.get("/vehicles/{vehicle_id}")
async def get_vehicle(vehicle_id: IdPath, ask: Ask) -> VehicleRead:
    """One vehicle, with its odometer."""
    return VehicleRead.model_validate(await service.get_vehicle(ask.session, vehicle_id))


@router.post("/drivers", status_code=201, response_model=DriverRead)
async def register_driver(payload: DriverCreate, cmd: Cmd) -> Any:
    """Registers a driver."""
    return await cmd.answer(service.register_driver(cmd, payload), DriverRead)


@router.get("/drivers")
async def list_drivers(ask: Ask, paging: Paging) -> Page[DriverRead]:
    """The drivers."""
    return await ask.page(service.list_drivers(), key=Driver.id, read=DriverRead, paging=paging)


@router.post("/trips", status_code=201, response_model=TripRead)
async def request_trip(payload: TripCreate, cmd: Cmd) -> Any:
    """Requests a vehicle for an interval (用车申请); 409 if the vehicle or driver is booked then."""
    return await cmd.answer(service.request_trip(cmd, payload), TripRead)


@router.get("/trips")
async def list_trips(ask: Ask, paging: Paging, filters: Annotated[TripFilters, Query()]) -> Page[TripRead]:
    """Vehicle requests the caller may see, oldest first."""
    query = service.list_trips(ask.caller, filters)
    return await ask.page(query, key=Trip.id, read=TripRead, paging=paging)


@router.get("/trips/{trip_id}")
async def get_trip(trip_id: IdPath, ask: Ask) -> TripRead:
    """One vehicle request."""
    return TripRead.model_validate(await service.get_trip(ask.session, ask.caller, trip_id))


@router.post("/trips/{trip_id}/approve", response_model=TripRead)
async def approve_trip(trip_id: IdPath, payload: TripApprove, cmd: Cmd, separate: SeparationOfDuties) -> Any:
    """Approves a request and assigns its driver (审批派车); 409 unless requested, or if the caller asked."""
    return await cmd.answer(service.approve_trip(cmd, trip_id, payload, separate), TripRead)


@router.post("/trips/{trip_id}/reject", response_model=TripRead)
async def reject_trip(trip_id: IdPath, payload: TripReject, cmd: Cmd) -> Any:
    """Refuses a request, with the reason; 409 unless requested."""
    return await cmd.answer(service.reject_trip(cmd, trip_id, payload), TripRead)


@router.post("/trips/{trip_id}/cancel", response_model=TripRead)
async def cancel_trip(trip_id: IdPath, payload: Action, cmd: Cmd) -> Any:
    """Withdraws a request or a booking before the trip."""
    return await cmd.answer(service.cancel_trip(cmd, trip_id, payload), TripRead)


@router.post("/trips/{trip_id}/return", response_model=TripRead)
async def return_trip(trip_id: IdPath, payload: TripReturn, cmd: Cmd) -> Any:
    """Records the vehicle's return with its odometer reading (mileage = the difference)."""
    return await cmd.answer(service.return_trip(cmd, trip_id, payload), TripRead)
