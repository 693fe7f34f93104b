"""Routes of scoring rules and targets."""

from typing import Any

from fastapi import APIRouter

from services.infoscore.common import UnitPath, YearPath
from services.infoscore.models import ScoringRules, Target
from services.infoscore.rules import service
from services.infoscore.rules.schemas import (
    LevelPointsIn,
    ScoringRulesRead,
    ScoringRulesUpdate,
    TargetRead,
    TargetUpdate,
)
from shared.app import Registry, Session
from shared.auth import CurrentCaller
from shared.idempotency import IdempotencyHeader, commit_once

router = APIRouter(tags=["scoring"])


def rules_read(rules: ScoringRules) -> ScoringRulesRead:
    points = LevelPointsIn(national=rules.national, provincial=rules.provincial, department=rules.department)
    return ScoringRulesRead(
        year=rules.year,
        points=points,
        instruction_bonus=rules.instruction_bonus,
        set_by=rules.set_by,
        set_at=rules.set_at,
    )


@router.put("/scoring-rules/{year}", response_model=ScoringRulesRead)
async def set_rules(
    year: YearPath,
    payload: ScoringRulesUpdate,
    session: Session,
    caller: CurrentCaller,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Sets a year's scoring table (admin); recorded adoptions keep the points they earned."""

    async def produce() -> ScoringRulesRead:
        rules = await service.set_rules(session=session, caller=caller, year=year, payload=payload)
        return rules_read(rules)

    route = f"PUT /scoring-rules/{year}"
    return await commit_once(
        session, caller=caller, key=idempotency_key, route=route, produce=produce, status_code=200
    )


@router.get("/scoring-rules/{year}")
async def get_rules(year: YearPath, session: Session, caller: CurrentCaller) -> ScoringRulesRead:
    """A year's scoring table."""
    return rules_read(await service.get_rules(session=session, year=year))


def target_read(target: Target) -> TargetRead:
    return TargetRead.model_validate(target)


@router.put("/targets/{year}/{unit}", response_model=TargetRead)
async def set_target(
    year: YearPath,
    unit: UnitPath,
    payload: TargetUpdate,
    session: Session,
    caller: CurrentCaller,
    units: Registry,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Sets a unit's yearly target (office staff), split by month evenly unless given."""

    async def produce() -> TargetRead:
        target = await service.set_target(
            session=session, caller=caller, units=units, year=year, unit=unit, payload=payload
        )
        return target_read(target)

    route = f"PUT /targets/{year}/{unit}"
    return await commit_once(
        session, caller=caller, key=idempotency_key, route=route, produce=produce, status_code=200
    )


@router.get("/targets/{year}/{unit}")
async def get_target(year: YearPath, unit: UnitPath, session: Session, caller: CurrentCaller) -> TargetRead:
    """A unit's target of a year, month by month."""
    return target_read(await service.get_target(session=session, year=year, unit=unit))
