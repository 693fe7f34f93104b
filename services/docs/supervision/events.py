"""Events of the supervision ledger (shared.contracts.docs), each sent to the assignee unit."""

from datetime import datetime

from services.docs.models import SupervisionItem, SupervisionNotice
from shared.contracts.base import envelope_for
from shared.contracts.docs import (
    SupervisionCompleted,
    SupervisionCreated,
    SupervisionEvent,
    SupervisionNoticePublished,
    SupervisionNoticeRow,
    SupervisionOverdue,
    SupervisionProgressed,
    SupervisionUrged,
)
from shared.envelope import Envelope


def _wrap(data: SupervisionEvent, item: SupervisionItem, actor: str | None, at: datetime) -> Envelope:
    return envelope_for(data, subject=item.id, unit=item.assignee_unit, actor=actor, time=at)


def created(item: SupervisionItem, actor: str | None) -> Envelope:
    data = SupervisionCreated(
        id=item.id,
        assignee_unit=item.assignee_unit,
        title=item.title,
        source=item.source,
        source_ref=item.source_ref,
        due=item.due,
        deadline=item.deadline,
        created_at=item.created_at,
        decision_id=item.decision_id,
    )
    return _wrap(data, item, actor, item.created_at)


def progressed(item: SupervisionItem, actor: str, at: datetime, note: str) -> Envelope:
    data = SupervisionProgressed(
        id=item.id,
        assignee_unit=item.assignee_unit,
        note=note,
        progressed_at=at,
        progress_count=item.progress_count,
    )
    return _wrap(data, item, actor, at)


def urged(item: SupervisionItem, actor: str, at: datetime, overdue: bool) -> Envelope:
    data = SupervisionUrged(
        id=item.id, assignee_unit=item.assignee_unit, urged_at=at, urge_count=item.urge_count, overdue=overdue
    )
    return _wrap(data, item, actor, at)


def completed(item: SupervisionItem, actor: str) -> Envelope:
    assert item.completed_at is not None and item.on_time is not None
    data = SupervisionCompleted(
        id=item.id,
        assignee_unit=item.assignee_unit,
        completed_at=item.completed_at,
        on_time=item.on_time,
        deadline=item.deadline,
        source=item.source,
    )
    return _wrap(data, item, actor, item.completed_at)


def overdue(item: SupervisionItem, actor: str | None) -> Envelope:
    assert item.overdue_at is not None
    data = SupervisionOverdue(
        id=item.id,
        assignee_unit=item.assignee_unit,
        due=item.due,
        deadline=item.deadline,
        overdue_at=item.overdue_at,
    )
    return _wrap(data, item, actor, item.overdue_at)


def notice_published(notice: SupervisionNotice, actor: str) -> Envelope:
    """The monthly notice, sent to each unit it lists."""
    rows = [SupervisionNoticeRow.model_validate(r) for r in notice.rows]
    data = SupervisionNoticePublished(
        id=notice.id,
        year=notice.year,
        month=notice.month,
        published_at=notice.published_at,
        rows=rows,
        recipient_units=list(dict.fromkeys(r.unit for r in rows)),
    )
    return envelope_for(data, subject=notice.id, unit=None, actor=actor, time=notice.published_at)
