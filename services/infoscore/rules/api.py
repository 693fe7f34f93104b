"""Routes of scoring rules and targets."""

from typing import Any

from fastapi import APIRouter

from services.infoscore.rules import service
from services.infoscore.rules.schemas import (
    ScoringRulesRead,
    ScoringRulesUpdate,
    TargetRead,
    TargetUpdate,
)
from shared.bounds import CodePath, YearPath
from shared.command import Ask, Cmd

router = APIRouter(tags=["scoring"])


@router.put("/scoring-rules/{year}", response_model=ScoringRulesRead)
async def set_rules(year: YearPath, payload: ScoringRulesUpdate, cmd: Cmd) -> Any:
    """Sets a year's scoring table (admin); recorded adoptions keep the points they earned."""
    return await cmd.answer(service.set_rules(cmd, year, payload), ScoringRulesRead.of)


@router.get("/scoring-rules/{year}")
async def get_rules(year: YearPath, ask: Ask) -> ScoringRulesRead:
    """A year's scoring table."""
    return ScoringRulesRead.of(await service.get_rules(ask.session, year))


@router.put("/targets/{year}/{unit}", response_model=TargetRead)
async def set_target(year: YearPath, unit: CodePath, payload: TargetUpdate, cmd: Cmd) -> Any:
    """Sets a unit's yearly target (office staff), split by month evenly unless given."""
    return await cmd.answer(service.set_target(cmd, year, unit, payload), TargetRead)


@router.get("/targets/{year}/{unit}")
async def get_target(year: YearPath, unit: CodePath, ask: Ask) -> TargetRead:
    """A unit's target of a year, month by month."""
    return TargetRead.model_validate(await service.get_target(ask.session, year, unit))
