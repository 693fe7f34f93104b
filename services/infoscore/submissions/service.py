"""Submissions by units, adoptions by office staff, withdrawals of mistaken adoptions."""

from typing import TypeVar

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.infoscore.common import OFFICE, year_month
from services.infoscore.models import Adoption, ScoringRules, Submission
from services.infoscore.submissions import events
from services.infoscore.submissions.schemas import (
    AdoptionCreate,
    AdoptionFilters,
    SubmissionCreate,
    SubmissionFilters,
    WithdrawalCreate,
)
from shared.auth import Caller
from shared.business_time import not_in_future
from shared.command import Command, Inquiry
from shared.errors import Conflict, Forbidden, Invalid
from shared.ids import new_id
from shared.outbox import add_event
from shared.query import narrowed, one_visible

SUBMITTERS = ("staff", "admin", "liaison", "unit")
Row = TypeVar("Row", Submission, Adoption)


async def submit(cmd: Command, payload: SubmissionCreate) -> Submission:
    """Records an item a unit submits; a liaison submits for their own unit only."""
    cmd.caller.require(*SUBMITTERS)
    unit = payload.unit or cmd.caller.unit
    cmd.units.require(unit, "unit")
    if not cmd.caller.may_act_for(unit):
        raise Forbidden(f"信息员只能为本单位报送信息 (cannot submit for unit {unit})")
    not_in_future("submitted_at", payload.submitted_at)
    year, month = year_month(payload.submitted_at, cmd.timezone)
    item = Submission(
        id=new_id(),
        **payload.model_dump(exclude={"unit", "at"}),
        unit=unit,
        year=year,
        month=month,
        submitted_by=cmd.caller.sub,
        recorded_at=cmd.at(payload.at),
    )
    cmd.session.add(item)
    await add_event(cmd.session, events.submission_received(item, cmd.caller))
    return item


def visible(model: type[Row], caller: Caller) -> Select[Row]:
    """Rows this caller may see: all for the office and auditors, else their unit's."""
    query = select(model)
    if not caller.sees_every_unit:
        query = query.where(model.unit == caller.unit)
    return query


def list_submissions(caller: Caller, filters: SubmissionFilters) -> Select[Submission]:
    """Items the caller may see, narrowed by the filters given."""
    asked = (
        (Submission.year, filters.year),
        (Submission.month, filters.month),
        (Submission.unit, filters.unit),
    )
    return narrowed(visible(Submission, caller), *asked, (Submission.category, filters.category))


def list_adoptions(caller: Caller, filters: AdoptionFilters) -> Select[Adoption]:
    """Adoptions the caller may see (withdrawn ones too), narrowed by the filters given."""
    asked = (Adoption.year, filters.year), (Adoption.month, filters.month), (Adoption.unit, filters.unit)
    return narrowed(visible(Adoption, caller), *asked, (Adoption.submission_id, filters.submission_id))


async def get_submission(ask: Inquiry, submission_id: str) -> Submission:
    """Gets an item this caller may see, or 404."""
    query = visible(Submission, ask.caller).where(Submission.id == submission_id)
    return await one_visible(ask.session, query, "信息", submission_id)


async def points_for(*, session: AsyncSession, year: int, payload: AdoptionCreate) -> int:
    """The points an adoption earns under its year's rules (409 while none are set)."""
    rules = await session.get(ScoringRules, year)
    if rules is None:
        raise Conflict(f"{year}年度计分规则尚未设置，请先设置 (set the scoring rules of {year} first)")
    base: int = getattr(rules, payload.level)
    return base + (rules.instruction_bonus if payload.instruction else 0)


async def adopt(cmd: Command, submission_id: str, payload: AdoptionCreate) -> Adoption:
    """Records an outlet's adoption of an item, its points fixed now by its year's rules."""
    cmd.caller.require(*OFFICE)
    session = cmd.session
    item = await get_submission(cmd, submission_id)
    not_in_future("adopted_at", payload.adopted_at)
    if payload.adopted_at < item.submitted_at:
        raise Invalid("adopted_at", "采用时间不能早于报送时间 (adopted before it was submitted)")
    await refuse_second_adoption(session=session, submission_id=item.id, outlet=payload.outlet)
    year, month = year_month(payload.adopted_at, cmd.timezone)
    adoption = Adoption(
        id=new_id(),
        submission_id=item.id,
        unit=item.unit,
        category=item.category,
        **payload.model_dump(exclude={"at"}),
        points=await points_for(session=session, year=year, payload=payload),
        year=year,
        month=month,
        live=True,
        status="recorded",
        recorded_by=cmd.caller.sub,
        recorded_at=cmd.at(payload.at),
    )
    session.add(adoption)
    await flush_unique(session, outlet=payload.outlet)
    await add_event(session, events.adoption_recorded(adoption, cmd.caller))
    return adoption


async def refuse_second_adoption(*, session: AsyncSession, submission_id: str, outlet: str) -> None:
    standing = select(Adoption.id).where(
        Adoption.submission_id == submission_id, Adoption.outlet == outlet, Adoption.live.is_(True)
    )
    if await session.scalar(standing) is not None:
        raise Conflict(f"该信息已被「{outlet}」采用，不能重复登记 (already adopted by this outlet)")


async def flush_unique(session: AsyncSession, *, outlet: str) -> None:
    # A concurrent request may have recorded the same outlet since the check above.
    try:
        await session.flush()
    except IntegrityError as exc:
        raise Conflict(f"该信息已被「{outlet}」采用，不能重复登记 (already adopted by this outlet)") from exc


async def withdraw(cmd: Command, adoption_id: str, payload: WithdrawalCreate) -> Adoption:
    """Withdraws a mistaken adoption: its points no longer count."""
    cmd.caller.require(*OFFICE)
    adoption = await get_adoption(cmd, adoption_id)
    if adoption.status == "withdrawn":
        raise Conflict("该采用记录已撤销 (adoption already withdrawn)")
    adoption.live = None
    adoption.status = "withdrawn"
    adoption.withdrawn_reason = payload.reason
    adoption.withdrawn_by = cmd.caller.sub
    adoption.withdrawn_at = cmd.at(payload.at)
    await add_event(cmd.session, events.adoption_withdrawn(adoption, cmd.caller))
    return adoption


async def get_adoption(ask: Inquiry, adoption_id: str) -> Adoption:
    """Gets an adoption this caller may see, or 404."""
    query = visible(Adoption, ask.caller).where(Adoption.id == adoption_id)
    return await one_visible(ask.session, query, "采用记录", adoption_id)
