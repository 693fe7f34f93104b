"""The rules of comprehensive materials (综合材料): recorded by the office or a unit, counted by year."""

from datetime import UTC

from sqlalchemy import Select, select

from services.docs.materials import events
from services.docs.materials.schemas import MaterialCreate, MaterialFilters
from services.docs.models import Material
from shared.auth import Caller
from shared.business_time import not_in_future
from shared.command import Command, Inquiry
from shared.ids import new_id
from shared.outbox import add_event
from shared.query import narrowed, of_own_unit, one_visible

RECORDER_ROLES = ("staff", "leader", "admin", "liaison")


async def record_material(cmd: Command, payload: MaterialCreate) -> Material:
    """Records a material under the year of its completion."""
    cmd.caller.require(*RECORDER_ROLES)
    unit = cmd.acting_unit(payload.unit, "不能为其他单位登记材料 (cannot record for unit {unit})")
    not_in_future("completed_at", payload.completed_at, "完成时间不能晚于当前时间")
    recorded_at = cmd.at(payload.at)
    material = Material(
        id=new_id(),
        kind=payload.kind,
        title=payload.title,
        unit=unit,
        year=payload.completed_at.astimezone(cmd.timezone).year,
        completed_at=payload.completed_at.astimezone(UTC),
        recorded_by=cmd.caller.sub,
        recorded_at=recorded_at,
    )
    cmd.session.add(material)
    await add_event(cmd.session, events.recorded(material, cmd.caller))
    return material


def visible_materials(caller: Caller) -> Select[Material]:
    """The office sees every unit's materials; a unit caller its own."""
    return of_own_unit(caller, select(Material), Material.unit)


def material_list(caller: Caller, filters: MaterialFilters) -> Select[Material]:
    """What `GET /materials` lists: the materials the caller may see, by its filters."""
    asked = (Material.year, filters.year), (Material.kind, filters.kind), (Material.unit, filters.unit)
    return narrowed(visible_materials(caller), *asked)


async def get_material(ask: Inquiry, material_id: str) -> Material:
    query = visible_materials(ask.caller).where(Material.id == material_id)
    return await one_visible(ask.session, query, "材料", material_id)
