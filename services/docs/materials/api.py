"""Routes of comprehensive materials (综合材料)."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from services.docs.materials import service
from services.docs.materials.schemas import MaterialCreate, MaterialFilters, MaterialRead
from services.docs.models import Material
from shared.bounds import IdPath
from shared.command import Ask, Cmd
from shared.pagination import Page, Paging

router = APIRouter(tags=["materials"])


@router.post("/materials", status_code=201, response_model=MaterialRead)
async def record_material(payload: MaterialCreate, cmd: Cmd) -> Any:
    """Records a comprehensive material (综合材料) drafted by the office or a unit."""
    return await cmd.answer(service.record_material(cmd, payload), MaterialRead)


@router.get("/materials/{material_id}")
async def get_material(material_id: IdPath, ask: Ask) -> MaterialRead:
    """One material, if the caller may see it."""
    return MaterialRead.model_validate(await service.get_material(ask, material_id))


@router.get("/materials")
async def list_materials(
    ask: Ask, paging: Paging, filters: Annotated[MaterialFilters, Query()]
) -> Page[MaterialRead]:
    """Materials the caller may see, filtered, oldest first."""
    query = service.material_list(ask.caller, filters)
    return await ask.page(query, key=Material.id, read=MaterialRead, paging=paging)
