"""`office archive`: move a service's old event log out of its database into a file.

The published outbox rows created before a time are written, oldest first, to a gzip file
of JSON lines (`office replay --from` reads it); the file is synced and read back, and only
the rows read back from it are deleted, a page a transaction. Rows not yet published stay
for the relay. An existing file is never overwritten.
"""

import gzip
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import ColumnElement, and_, delete, tuple_

from office.eventlog import archive_pages, count_rows, outbox_pages, write_page
from office.replay import Progress
from shared.db import SessionFactory, create_engine, session_factory
from shared.settings import ServiceSettings
from shared.spine import OutboxEvent

EVER = datetime.min.replace(tzinfo=UTC)


@dataclass
class Archived:
    written: int = 0
    deleted: int = 0


def archivable(before: datetime) -> ColumnElement[bool]:
    return and_(OutboxEvent.created_at < before, OutboxEvent.published_at.is_not(None))


async def archive_events(
    settings: ServiceSettings, before: datetime, to: Path, progress: Progress | None = None
) -> Archived:
    """Write the published events created before `before` to `to`, then delete them."""
    _refuse_existing(to)
    engine = create_engine(settings.db_url)
    try:
        factory = session_factory(engine)
        if progress:
            progress.start(2 * await count_rows(factory, archivable(before)))
        archived = Archived(written=await _write(factory, before, to, progress))
        archived.deleted = await _delete_archived(factory, to, progress)
        return archived
    finally:
        await engine.dispose()


def _refuse_existing(to: Path) -> None:
    if to.exists():
        raise FileExistsError(f"{to} exists; an archive is never overwritten")


async def _write(factory: SessionFactory, before: datetime, to: Path, progress: Progress | None) -> int:
    partial = to.with_name(to.name + ".partial")
    written = 0
    with gzip.open(partial, "wt", encoding="utf-8") as archive:
        async for page in outbox_pages(factory, archivable(before)):
            write_page(archive, page)
            written += len(page)
            if progress:
                progress.advance(len(page))
    with partial.open("rb") as done:
        os.fsync(done.fileno())
    partial.rename(to)
    return written


async def _delete_archived(factory: SessionFactory, archive: Path, progress: Progress | None) -> int:
    """Delete the rows the archive holds, as read back from it (by `seq` and event id)."""
    deleted = 0
    key = tuple_(OutboxEvent.seq, OutboxEvent.event_id)
    for page in archive_pages(archive, since=EVER):
        async with factory() as session:
            held = [(e.seq, e.event_id) for e in page]
            chosen = delete(OutboxEvent).where(key.in_(held))
            result = await session.execute(chosen.execution_options(synchronize_session=False))
            await session.commit()
        deleted += int(getattr(result, "rowcount", 0) or 0)
        if progress:
            progress.advance(len(page))
    return deleted
