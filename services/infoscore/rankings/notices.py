"""The monthly notice (通报): the month's ranking, published once to every unit."""

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.infoscore.common import OFFICE
from services.infoscore.models import Notice
from services.infoscore.rankings import events
from services.infoscore.rankings.schemas import NoticeCreate
from services.infoscore.rankings.service import rankings
from shared.command import Command
from shared.errors import Conflict
from shared.ids import new_id
from shared.lookup import get_or_404
from shared.outbox import add_event


def notice_title(year: int, month: int) -> str:
    return f"关于{year}年{month}月政务信息工作情况的通报"


async def publish_notice(cmd: Command, payload: NoticeCreate) -> Notice:
    """Publishes the notice of a month (once) with the month's ranking, to every unit."""
    cmd.caller.require(*OFFICE)
    session, units = cmd.session, cmd.units
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
        published_by=cmd.caller.sub,
        published_at=cmd.at(payload.at),
    )
    session.add(notice)
    try:
        await session.flush()
    except IntegrityError as exc:
        raise Conflict(f"{year}年{month}月通报已发布 (already published)") from exc
    await add_event(session, events.notice_published(notice, [u.code for u in units.units], cmd.caller))
    return notice


async def get_notice(session: AsyncSession, notice_id: str) -> Notice:
    """Gets a published notice, or 404."""
    return await get_or_404(session, Notice, notice_id, f"通报 {notice_id} 不存在 (notice not found)")


def notice_list() -> Select[Notice]:
    """What `GET /notices` lists: every published notice."""
    return select(Notice)
