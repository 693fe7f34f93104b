"""Routes of comprehensive materials (综合材料)."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from services.docs.materials import service
from services.docs.materials.schemas import MaterialCreate, MaterialId, MaterialRead
from services.docs.models import Material
from shared.app import Session
from shared.auth import CurrentCaller
from shared.command import Cmd
from shared.contracts.docs import MaterialKind
from shared.pagination import Page, Paging, page

router = APIRouter(tags=["materials"])


@router.post("/materials", status_code=201, response_model=MaterialRead)
async def record_material(payload: MaterialCreate, cmd: Cmd) -> Any:
    """Records a comprehensive material (综合材料) drafted by the office or a unit."""
    return await cmd.answer(service.record_material(cmd, payload), MaterialRead)


@router.get("/materials/{material_id}")
async def get_material(material_id: MaterialId, session: Session, caller: CurrentCaller) -> MaterialRead:
    """One material, if the caller may see it."""
    return MaterialRead.model_validate(
        await service.get_material(session=session, caller=caller, material_id=material_id)
    )


@router.get("/materials")
async def list_materials(
    session: Session,
    caller: CurrentCaller,
    paging: Paging,
    year: Annotated[int | None, Query(ge=1900, le=2200, description="year of completion")] = None,
    kind: MaterialKind | None = None,
    unit: Annotated[str | None, Query(max_length=20)] = None,
) -> Page[MaterialRead]:
    """Materials the caller may see, filtered, oldest first."""
    query = service.filter_materials(service.visible_materials(caller), year=year, kind=kind, unit=unit)
    return await page(session, query, key=Material.id, read=MaterialRead, paging=paging)
