"""Figures per unit from the standing adoptions, ranked; completion against target."""

from dataclasses import dataclass

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.infoscore.models import Adoption, Submission, Target
from services.infoscore.rankings.schemas import Completion, Figures, PartyInfo, RankingRow, Rankings
from shared.command import Inquiry
from shared.percent import percent
from shared.ranking import competition_rank
from shared.units import UnitRegistry


@dataclass
class Tally:
    submitted: int = 0
    adopted: int = 0
    points: int = 0
    party: int = 0


def in_period(
    model: type[Submission] | type[Adoption], year: int, month: int | None
) -> list[ColumnElement[bool]]:
    conditions = [model.year == year]
    return conditions if month is None else [*conditions, model.month == month]


async def tallies(*, session: AsyncSession, year: int, month: int | None) -> dict[str, Tally]:
    """Submitted, adopted, points and party items per unit, by business time."""
    result: dict[str, Tally] = {}
    party = func.sum(case((Submission.category == "party", 1), else_=0))
    submitted = select(Submission.unit, func.count(), party).group_by(Submission.unit)
    for unit, count, party_count in await session.execute(
        submitted.where(*in_period(Submission, year, month))
    ):
        result.setdefault(unit, Tally()).submitted = count
        result[unit].party = int(party_count or 0)
    adopted = (
        select(Adoption.unit, func.count(), func.coalesce(func.sum(Adoption.points), 0))
        .where(Adoption.live.is_(True))
        .group_by(Adoption.unit)
    )
    for unit, count, points in await session.execute(adopted.where(*in_period(Adoption, year, month))):
        tally = result.setdefault(unit, Tally())
        tally.adopted, tally.points = count, int(points)
    return result


async def targets_of(*, session: AsyncSession, year: int) -> dict[str, Target]:
    rows = await session.scalars(select(Target).where(Target.year == year))
    return {t.unit: t for t in rows}


def target_figures(target: Target | None, month: int | None) -> Figures | None:
    """The target of the year, or of one month of it."""
    if target is None:
        return None
    if month is None:
        return Figures(submissions=target.submissions, adoptions=target.adoptions, points=target.points)
    return Figures.model_validate(target.months[month - 1])


def completion(tally: Tally, target: Figures | None) -> Completion:
    if target is None:
        return Completion(submissions=None, adoptions=None, points=None)
    return Completion(
        submissions=percent(tally.submitted, target.submissions),
        adoptions=percent(tally.adopted, target.adoptions),
        points=percent(tally.points, target.points),
    )


async def rankings(
    *, session: AsyncSession, units: UnitRegistry, year: int, month: int | None
) -> list[RankingRow]:
    """Units with a target or any activity in the period, by points, ties sharing a rank."""
    counted = await tallies(session=session, year=year, month=month)
    targets = await targets_of(session=session, year=year)
    points = {code: counted.get(code, Tally()).points for code in set(counted) | set(targets)}
    rows = []
    for rank, code, _ in competition_rank(points):
        tally = counted.get(code, Tally())
        target = target_figures(targets.get(code), month)
        unit = units.by_code.get(code)
        rows.append(
            RankingRow(
                rank=rank,
                unit=code,
                name=unit.name if unit else code,
                submitted=tally.submitted,
                adopted=tally.adopted,
                points=tally.points,
                target=target,
                completion=completion(tally, target),
            )
        )
    return rows


async def ranking_table(ask: Inquiry, *, year: int, month: int | None) -> Rankings:
    """The rankings of a year, or of one month of it (`GET /rankings`)."""
    rows = await rankings(session=ask.session, units=ask.units, year=year, month=month)
    return Rankings(year=year, month=month, items=rows)


async def party_info(*, session: AsyncSession, year: int, unit: str | None) -> PartyInfo:
    """党委信息 of a year (one unit, or all): target, party items submitted, percent."""
    target_q = select(func.coalesce(func.sum(Target.party), 0)).where(Target.year == year)
    done_q = select(func.count()).where(Submission.year == year, Submission.category == "party")
    if unit is not None:
        target_q = target_q.where(Target.unit == unit)
        done_q = done_q.where(Submission.unit == unit)
    target = int(await session.scalar(target_q) or 0)
    done = int(await session.scalar(done_q) or 0)
    return PartyInfo(year=year, unit=unit, target=target, done=done, pct=percent(done, target))
