"""Routes of rooms: add, read, list, and search for a free room."""

from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlalchemy import select

from services.meetings.models import Room
from services.meetings.rooms import service
from services.meetings.schemas import FreeRooms, RoomCreate, RoomRead
from shared.bounds import CodePath
from shared.business_time import Moment
from shared.command import Ask, Cmd
from shared.pagination import Page, Paging

router = APIRouter(tags=["rooms"])


@router.post("/rooms", status_code=201, response_model=RoomRead)
async def create_room(payload: RoomCreate, cmd: Cmd) -> Any:
    """Adds a meeting room of a unit (office staff; default the caller's unit)."""
    return await cmd.answer(service.create_room(cmd, payload), RoomRead)


@router.get("/rooms")
async def list_rooms(ask: Ask, paging: Paging) -> Page[RoomRead]:
    """The meeting rooms, by code."""
    return await ask.page(select(Room), key=Room.code, read=RoomRead, paging=paging)


@router.get("/rooms/free")
async def free_rooms(
    ask: Ask, start: Moment, end: Moment, capacity: Annotated[int | None, Query(ge=1, le=10000)] = None
) -> FreeRooms:
    """Rooms free for the whole of [start, end) (cancelled meetings hold nothing)."""
    return await service.free_rooms(session=ask.session, start=start, end=end, capacity=capacity)


@router.get("/rooms/{code}")
async def get_room(code: CodePath, ask: Ask) -> RoomRead:
    """One meeting room."""
    return RoomRead.model_validate(await service.get_room(session=ask.session, code=code))
