"""Rules every part of the logistics service shares: units, visibility, locks (business time: shared).

The parts themselves (vehicles/, reception/, supplies/, ...) keep their rules in their
own `service.py`; a change takes the request's command (`shared.command.Command`),
stages its records and its event in the command's session, and the route's unit of work
commits them together.
"""

from datetime import datetime
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.logistics import events
from shared.auth import Caller
from shared.command import Command
from shared.contracts.logistics import LogisticsEvent
from shared.errors import Conflict, Forbidden, Invalid
from shared.outbox import add_event
from shared.query import of_own_unit, one_visible

OFFICE = ("staff", "leader", "admin")
ANYONE_WHO_WRITES = ("staff", "leader", "admin", "liaison", "unit")

M = TypeVar("M")


def unit_for(cmd: Command, unit: str | None, *, field: str = "unit") -> str:
    """The unit an action concerns (default the caller's): known, and the caller may act for it."""
    code = unit or cmd.caller.unit
    cmd.units.require(code, field)
    if not cmd.caller.may_act_for(code):
        raise Forbidden(f"不能代其他单位办理 (cannot act for unit {code})")
    return code


async def get_visible(
    session: AsyncSession, model: type[M], record_id: str, caller: Caller, *, label: str, lock: bool = False
) -> M:
    """The record if this caller may see it (locked for update when asked), else 404."""
    query = of_own_unit(caller, select(model), model.unit).where(model.id == record_id)  # type: ignore[attr-defined]
    return await one_visible(session, query, label, record_id, lock=lock)


def require_state(label: str, status: str, allowed: tuple[str, ...], action: str) -> None:
    """409 unless the record is in one of the states the action starts from."""
    if status not in allowed:
        raise Conflict(
            f"{label}当前状态为 {status}，不能{action} (cannot {action} from status {status}; "
            f"needs {'|'.join(allowed)})"
        )


async def for_change(
    cmd: Command, model: type[M], record_id: str, states: tuple[str, ...], action: str, *, label: str
) -> M:
    """The record locked for the change if the caller may see it, else 404; 409 unless in `states`."""
    record = await get_visible(cmd.session, model, record_id, cmd.caller, label=label, lock=True)
    require_state(label, record.status, states, action)  # type: ignore[attr-defined]
    return record


def not_before(moment: datetime, earlier: datetime, *, field: str = "at") -> None:
    if moment < earlier:
        raise Invalid(field, "时间早于该记录的上一步 (earlier than the record's previous step)")


async def publish(session: AsyncSession, data: LogisticsEvent, caller: Caller | str) -> None:
    """Stage the one event of this state change."""
    await add_event(session, events.envelope(data, caller))


async def announce(cmd: Command, data: LogisticsEvent) -> None:
    """Stage the one event of the command's change, by its caller."""
    await publish(cmd.session, data, cmd.caller)
