"""A service's event log read a page at a time: from its outbox table, or from an archive.

The outbox is read by keyset on its ordering (`seq`), so a log of any length costs one page
of memory. An archive (`office archive`) is the same rows as JSON lines, gzip-compressed,
oldest first; `office replay --from` reads it back the same way.
"""

import gzip
import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import ColumnElement, and_, func, select

from shared.db import SessionFactory
from shared.spine import OutboxEvent

PAGE = 500


@dataclass(frozen=True)
class LoggedEvent:
    """One row of the event log, as it was published."""

    seq: int
    event_id: str
    subject: str
    payload: str
    traceparent: str | None
    created_at: datetime
    published_at: datetime | None

    def as_line(self) -> str:
        fields = {**asdict(self), "created_at": self.created_at.isoformat()}
        fields["published_at"] = self.published_at.isoformat() if self.published_at else None
        return json.dumps(fields, ensure_ascii=False) + "\n"

    @classmethod
    def from_line(cls, line: str) -> "LoggedEvent":
        fields: dict[str, Any] = json.loads(line)
        published = fields["published_at"]
        fields["created_at"] = datetime.fromisoformat(fields["created_at"])
        fields["published_at"] = datetime.fromisoformat(published) if published else None
        return cls(**fields)


COLUMNS = (
    OutboxEvent.seq,
    OutboxEvent.event_id,
    OutboxEvent.subject,
    OutboxEvent.payload,
    OutboxEvent.traceparent,
    OutboxEvent.created_at,
    OutboxEvent.published_at,
)


async def count_rows(factory: SessionFactory, where: ColumnElement[bool]) -> int:
    async with factory() as session:
        return int(await session.scalar(select(func.count()).select_from(OutboxEvent).where(where)) or 0)


async def outbox_pages(
    factory: SessionFactory, where: ColumnElement[bool], page: int = PAGE
) -> AsyncIterator[list[LoggedEvent]]:
    """The outbox rows matching `where`, oldest first, `page` at a time (keyset on `seq`)."""
    after = 0
    while True:
        query = select(*COLUMNS).where(and_(where, OutboxEvent.seq > after)).order_by(OutboxEvent.seq)
        async with factory() as session:
            rows = [LoggedEvent(*row) for row in (await session.execute(query.limit(page))).all()]
        if not rows:
            return
        yield rows
        after = rows[-1].seq


def created_from(since: datetime) -> ColumnElement[bool]:
    return OutboxEvent.created_at >= since


def archive_pages(path: Path, since: datetime, page: int = PAGE) -> Iterator[list[LoggedEvent]]:
    """An archive's events created from `since` on, `page` at a time."""
    rows: list[LoggedEvent] = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            event = LoggedEvent.from_line(line)
            if event.created_at >= since:
                rows.append(event)
            if len(rows) == page:
                yield rows
                rows = []
    if rows:
        yield rows


def write_page(archive: IO[str], rows: list[LoggedEvent]) -> None:
    archive.writelines(row.as_line() for row in rows)
