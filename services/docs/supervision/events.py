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
from shared.event_data import read_off


def _wrap(data: SupervisionEvent, item: SupervisionItem, actor: str | None, at: datetime) -> Envelope:
    return envelope_for(data, subject=item.id, unit=item.assignee_unit, actor=actor, time=at)


def created(item: SupervisionItem, actor: str | None) -> Envelope:
    return _wrap(read_off(SupervisionCreated, item), item, actor, item.created_at)


def progressed(item: SupervisionItem, actor: str, at: datetime, note: str) -> Envelope:
    return _wrap(read_off(SupervisionProgressed, item, note=note, progressed_at=at), item, actor, at)


def urged(item: SupervisionItem, actor: str, at: datetime, overdue: bool) -> Envelope:
    return _wrap(read_off(SupervisionUrged, item, urged_at=at, overdue=overdue), item, actor, at)


def completed(item: SupervisionItem, actor: str) -> Envelope:
    assert item.completed_at is not None
    return _wrap(read_off(SupervisionCompleted, item), item, actor, item.completed_at)


def overdue(item: SupervisionItem, actor: str | None) -> Envelope:
    assert item.overdue_at is not None
    return _wrap(read_off(SupervisionOverdue, item), item, actor, item.overdue_at)


def notice_published(notice: SupervisionNotice, actor: str) -> Envelope:
    """The monthly notice, sent to each unit it lists."""
    rows = [SupervisionNoticeRow.model_validate(r) for r in notice.rows]
    units = list(dict.fromkeys(r.unit for r in rows))
    data = read_off(SupervisionNoticePublished, notice, rows=rows, recipient_units=units)
    return envelope_for(data, subject=notice.id, unit=None, actor=actor, time=notice.published_at)
