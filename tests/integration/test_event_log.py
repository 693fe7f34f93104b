"""The event log as an operator handles it: `office replay` counts what the stream took and
what it dropped; `office archive` moves old events into a file replay reads back."""

import asyncio
import gzip
import json
import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from office.archive import archive_events
from office.replay import replay_events
from shared.envelope import Envelope, utcnow
from shared.spine import OutboxEvent
from tests.integration.test_incoming_slice import STAFF, incoming
from tests.support import eventually

DOCUMENTS = 4
SINCE = "2000-01-01T00:00:00+08:00"


async def registered(stack: Any, count: int = DOCUMENTS) -> list[OutboxEvent]:
    """`count` documents registered in docs, their events published; answers the outbox."""
    for n in range(count):
        body = incoming(source_ref=f"桂政办发〔2022〕{n + 1}号")
        assert (await stack.docs.post("/api/v1/incoming", json=body, headers=STAFF)).status_code == 201

    async def published() -> bool:
        rows = await outbox(stack)
        return len(rows) == count and all(r.published_at is not None for r in rows)

    await eventually(published)
    return await outbox(stack)


async def outbox(stack: Any) -> list[OutboxEvent]:
    async with stack.apps["docs"].state.factory() as session:
        return list((await session.scalars(select(OutboxEvent).order_by(OutboxEvent.seq))).all())


async def created(stack: Any, seqs: list[int], at: datetime, *, published: bool = True) -> None:
    """Date some rows back, as if they had been written then (and perhaps never published)."""
    values: dict[str, Any] = {"created_at": at} if published else {"created_at": at, "published_at": None}
    async with stack.apps["docs"].state.factory() as session:
        await session.execute(update(OutboxEvent).where(OutboxEvent.seq.in_(seqs)).values(**values))
        await session.commit()


async def office(stack: Any, *args: str) -> tuple[int, str, str]:
    """Run the `office` command against the stack's docs database and NATS."""
    settings = stack.apps["docs"].state.settings
    env = {
        **os.environ,
        "DOCS_DATABASE_URL": settings.db_url,
        "NATS_URL": settings.nats_url,
        "OFFICE_DATA_DIR": str(settings.data_dir),
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "office.cli",
        *args,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    return process.returncode or 0, out.decode(), err.decode()


async def test_replay_says_what_the_stream_took_and_what_it_dropped_as_duplicates(start_stack: Any) -> None:
    async with start_stack("docs") as stack:
        await registered(stack)
        code, out, err = await office(stack, "replay", "--service", "docs", "--since", SINCE)
        assert code == 0, err
        assert f"published 0 events, {DOCUMENTS} dropped by the stream as duplicates" in out
        assert "replay" not in err  # no progress bar when stderr is not a terminal

        code, out, err = await office(stack, "replay", "--service", "docs", "--since", SINCE, "--redeliver")
        assert code == 0, err
        assert f"published {DOCUMENTS} events, 0 dropped" in out


async def test_the_archive_holds_the_events_before_the_date_and_only_those_leave_the_outbox(
    start_stack: Any, tmp_path: Path
) -> None:
    async with start_stack("docs") as stack:
        rows = await registered(stack)
        month_ago = utcnow() - timedelta(days=30)
        await created(stack, [rows[0].seq, rows[1].seq], month_ago)
        await created(stack, [rows[2].seq], month_ago, published=False)  # the relay's still
        settings, to = stack.apps["docs"].state.settings, tmp_path / "docs-2026.jsonl.gz"

        week_ago = (utcnow() - timedelta(days=7)).date().isoformat()  # its midnight, office time
        code, out, err = await office(
            stack, "archive", "--service", "docs", "--before", week_ago, "--to", str(to)
        )
        assert code == 0, err
        assert f"2 events created before {week_ago}T00:00:00+08:00 written to {to}, 2 deleted" in out
        with gzip.open(to, "rt", encoding="utf-8") as lines:
            archived = [json.loads(line) for line in lines]
        assert [a["event_id"] for a in archived] == [rows[0].event_id, rows[1].event_id]
        first = Envelope.model_validate_json(archived[0]["payload"])
        assert first.type == "office.docs.incoming.registered.v1"
        assert [r.event_id for r in await outbox(stack)] == [rows[2].event_id, rows[3].event_id]
        with pytest.raises(FileExistsError):
            await archive_events(settings, utcnow(), to)

        since = datetime(2000, 1, 1, tzinfo=UTC)
        again = await replay_events(settings, since, archive=to, redeliver=True)
        assert (again.published, again.duplicates) == (2, 0)
        horizon = settings.model_copy(update={"replay_horizon_days": 7.0})
        assert (await replay_events(horizon, since, archive=to)).published == 0  # older than it
