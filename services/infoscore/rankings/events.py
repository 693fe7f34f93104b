"""Events of notices (see shared.contracts.infoscore)."""

from services.infoscore.models import Notice
from shared.auth import Caller
from shared.contracts.base import envelope_for
from shared.contracts.infoscore import NoticePublished, NoticeRow
from shared.envelope import Envelope
from shared.event_data import read_off


def notice_published(notice: Notice, recipients: list[str], caller: Caller) -> Envelope:
    rows = [
        NoticeRow(
            rank=row["rank"],
            unit=row["unit"],
            name=row["name"],
            submitted=row["submitted"],
            adopted=row["adopted"],
            points=row["points"],
            target_points=(row["target"] or {}).get("points"),
            completion_pct=row["completion"]["points"],
        )
        for row in notice.rows
    ]
    data = read_off(NoticePublished, notice, recipients=recipients, rows=rows)
    return envelope_for(data, subject=notice.id, unit=None, actor=caller.sub, time=notice.published_at)
