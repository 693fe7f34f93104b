"""The monthly notice (通报): the month's ranking, published once to every unit."""

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.infoscore.common import OFFICE
from services.infoscore.models import Notice
from services.infoscore.rankings import events
from services.infoscore.rankings.schemas import NoticeCreate
from services.infoscore.rankings.service import rankings
from shared.auth import Caller
from shared.business_time import business_time
from shared.errors import Conflict, NotFound
from shared.ids import new_id
from shared.outbox import add_event
from shared.units import UnitRegistry


def notice_title(year: int, month: int) -> str:
    return f"关于{year}年{month}月政务信息工作情况的通报"


async def publish_notice(
    *, session: AsyncSession, caller: Caller, units: UnitRegistry, payload: NoticeCreate
) -> Notice:
    """Publishes the notice of a month (once) with the month's ranking, to every unit."""
    caller.require(*OFFICE)
    year, month = payload.year, payload.month
    existing = select(Notice.id).where(Notice.year == year, Notice.month == month)
    if await session.scalar(existing) is not None:
        raise Conflict(f"{year}年{month}月通报已发布 (the notice of this month is already published)")
    rows = await rankings(session=session, units=units, year=year, month=month)
    notice = Notice(
        id=new_id(),
        year=year,
        month=month,
        title=notice_title(year, month),
        rows=[row.model_dump(mode="json") for row in rows],
        published_by=caller.sub,
        published_at=business_time(caller, payload.at),
    )
    session.add(notice)
    try:
        await session.flush()
    except IntegrityError as exc:
        raise Conflict(f"{year}年{month}月通报已发布 (already published)") from exc
    add_event(session, events.notice_published(notice, [u.code for u in units.units], caller))
    return notice


async def get_notice(*, session: AsyncSession, notice_id: str) -> Notice:
    """Gets a published notice, or 404."""
    notice = await session.get(Notice, notice_id)
    if notice is None:
        raise NotFound(f"通报 {notice_id} 不存在 (notice not found)")
    return notice
