"""The rules of rooms: who adds them, and that two meetings never hold one room at once.

A booking locks the room's row (`SELECT ... FOR UPDATE` on PostgreSQL; on SQLite every
write transaction already holds the database's write lock from BEGIN IMMEDIATE), then
looks for a meeting that is not cancelled and overlaps the interval. Two concurrent
bookings of one room therefore check one after the other, and the second sees the first.
"""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.meetings import events
from services.meetings.models import Meeting, Room
from services.meetings.schemas import RoomCreate
from shared.auth import Caller
from shared.business_time import business_time
from shared.errors import Conflict, Invalid, NotFound
from shared.outbox import add_event

ROOM_KEEPERS = ("staff", "admin")


async def create_room(*, session: AsyncSession, caller: Caller, payload: RoomCreate) -> Room:
    """Adds a meeting room (office staff only)."""
    caller.require(*ROOM_KEEPERS)
    if await session.get(Room, payload.code) is not None:
        raise Conflict(f"会议室 {payload.code} 已存在 (room already exists)")
    room = Room(
        code=payload.code,
        name=payload.name,
        capacity=payload.capacity,
        created_by=caller.sub,
        created_at=business_time(caller, payload.at),
    )
    session.add(room)
    add_event(session, events.room_created(room, caller))
    return room


async def get_room(*, session: AsyncSession, code: str) -> Room:
    """Gets a room by its code, or 404."""
    room = await session.get(Room, code)
    if room is None:
        raise NotFound(f"会议室 {code} 不存在 (room not found)")
    return room


def held(room: str, start: datetime, end: datetime) -> Select[Meeting]:
    """Meetings not cancelled that hold `room` at some moment of [start, end)."""
    return select(Meeting).where(
        Meeting.room == room,
        Meeting.status != "cancelled",
        Meeting.start < end,
        Meeting.end > start,
    )


async def lock_room(*, session: AsyncSession, code: str, field: str = "room") -> Room:
    """Locks a room's row for the rest of the transaction (422 naming `field` if unknown)."""
    room = await session.scalar(select(Room).where(Room.code == code).with_for_update())
    if room is None:
        raise Invalid(field, f"未知会议室 (unknown room) {code!r}")
    return room


def conflict_with(holder: Meeting) -> Conflict:
    """A 409 that names the meeting holding the room."""
    return Conflict(
        f"会议室 {holder.room} 已被会议《{holder.title}》({holder.id}) 占用，"
        f"{holder.start.isoformat()} 至 {holder.end.isoformat()}，请另选时间或会议室 "
        f"(room held by meeting {holder.id})",
        holder={
            "id": holder.id,
            "title": holder.title,
            "room": holder.room,
            "start": holder.start.isoformat(),
            "end": holder.end.isoformat(),
        },
    )


async def book(*, session: AsyncSession, room: str, intervals: Sequence[tuple[datetime, datetime]]) -> None:
    """Locks the room and refuses (409) if any interval overlaps a meeting that holds it."""
    await lock_room(session=session, code=room)
    first = min(start for start, _ in intervals)
    last = max(end for _, end in intervals)
    holders = (await session.scalars(held(room, first, last).order_by(Meeting.start))).all()
    for start, end in intervals:
        for holder in holders:
            if holder.start < end and holder.end > start:
                raise conflict_with(holder)


async def free_rooms(
    *, session: AsyncSession, start: datetime, end: datetime, capacity: int | None
) -> list[Room]:
    """Rooms that no meeting holds during [start, end), with enough seats."""
    busy = select(Meeting.room).where(
        Meeting.room.is_not(None), Meeting.status != "cancelled", Meeting.start < end, Meeting.end > start
    )
    query = select(Room).where(Room.code.not_in(busy))
    if capacity is not None:
        query = query.where(Room.capacity >= capacity)
    return list((await session.scalars(query.order_by(Room.code))).all())
