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
from services.meetings.schemas import FreeRooms, RoomCreate, RoomRead
from shared.auth import Caller
from shared.business_time import office_zone
from shared.command import Command
from shared.errors import Conflict, Forbidden, Invalid
from shared.lookup import get_or_404
from shared.outbox import add_event
from shared.text import chinese_span
from shared.types import on_the_office_clock

ROOM_KEEPERS = ("staff", "admin")


async def create_room(cmd: Command, payload: RoomCreate) -> Room:
    """Adds a meeting room of a unit (office staff only)."""
    cmd.caller.require(*ROOM_KEEPERS)
    unit = cmd.units.require(payload.unit or cmd.caller.unit, "unit").code
    created_at = cmd.at(payload.at)
    if await cmd.session.get(Room, payload.code) is not None:
        raise Conflict(f"会议室 {payload.code} 已存在 (room already exists)")
    room = Room(
        code=payload.code,
        name=payload.name,
        capacity=payload.capacity,
        unit=unit,
        created_by=cmd.caller.sub,
        created_at=created_at,
    )
    cmd.session.add(room)
    await add_event(cmd.session, events.room_created(room, cmd.caller))
    return room


async def get_room(*, session: AsyncSession, code: str) -> Room:
    """Gets a room by its code, or 404."""
    return await get_or_404(session, Room, code, f"会议室 {code} 不存在 (room not found)")


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


def conflict_with(holder: Meeting, *, seen: bool) -> Conflict:
    """A 409 naming the meeting that holds the room, or, to a caller who may not see it, the times only."""
    when = chinese_span(holder.start, holder.end, office_zone())
    slot = {
        "room": holder.room,
        "start": on_the_office_clock(holder.start).isoformat(),
        "end": on_the_office_clock(holder.end).isoformat(),
    }
    if not seen:
        return Conflict(
            f"会议室 {holder.room} 该时段已被占用，{when}，请另选时间或会议室 (room taken)", holder=slot
        )
    return Conflict(
        f"会议室 {holder.room} 已被会议《{holder.title}》({holder.id}) 占用，{when}，请另选时间或会议室 "
        f"(room held by meeting {holder.id})",
        holder={"id": holder.id, "title": holder.title, **slot},
    )


def may_book(caller: Caller, room: Room) -> None:
    """A unit books its own rooms; another unit's room (the office's among them) needs an office caller."""
    if room.unit != caller.unit and not caller.acts_for_office:
        raise Forbidden(
            f"会议室 {room.code} 属于 {room.unit}，只有办公室可以预订其他单位的会议室 (room of another unit)"
        )


async def book(
    cmd: Command, room: str, intervals: Sequence[tuple[datetime, datetime]], visible: Select[Meeting]
) -> None:
    """Locks the room and refuses (403 another unit's, 409 if any interval overlaps a meeting holding it).

    `visible` is the caller's meetings: a holder outside it is named by its times only."""
    may_book(cmd.caller, await lock_room(session=cmd.session, code=room))
    first = min(start for start, _ in intervals)
    last = max(end for _, end in intervals)
    holders = (await cmd.session.scalars(held(room, first, last).order_by(Meeting.start))).all()
    for start, end in intervals:
        for holder in holders:
            if holder.start < end and holder.end > start:
                seen = await cmd.session.scalar(
                    visible.where(Meeting.id == holder.id).with_only_columns(Meeting.id)
                )
                raise conflict_with(holder, seen=seen is not None)


async def free_rooms(
    *, session: AsyncSession, start: datetime, end: datetime, capacity: int | None
) -> FreeRooms:
    """Rooms that no meeting holds during [start, end), with enough seats (422 unless end is after start)."""
    if end <= start:
        raise Invalid("end", "结束时间须晚于开始时间 (end must be after start)")
    busy = select(Meeting.room).where(
        Meeting.room.is_not(None), Meeting.status != "cancelled", Meeting.start < end, Meeting.end > start
    )
    query = select(Room).where(Room.code.not_in(busy))
    if capacity is not None:
        query = query.where(Room.capacity >= capacity)
    rooms = (await session.scalars(query.order_by(Room.code))).all()
    return FreeRooms(start=start, end=end, items=[RoomRead.model_validate(r) for r in rooms])
