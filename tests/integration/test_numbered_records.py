"""`shared.numbering`: a numbered record, its counter and its event are written all or nothing, and
a write that was its own transaction (autocommit on PostgreSQL) leaves its pooled connection
running transactions again."""

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from services.docs.events import incoming_registered
from services.docs.models import Base, Counter, IncomingDocument
from shared import db
from shared.auth import Caller
from shared.envelope import Envelope
from shared.numbering import NumberForm, Series, add_numbered
from shared.spine import OutboxEvent, SpineBase
from tests.support import Databases

FORM = NumberForm("收〔2022〕", "号")
SERIES = Series(Counter, {"scope": "incoming", "year": 2022})
ALICE = Caller(sub="alice", unit="GO", roles=frozenset({"staff"}))


@pytest.fixture
async def engine(databases: Databases) -> AsyncIterator[AsyncEngine]:
    engine = db.create_engine(await databases.new("numbered"), pool_size=1)
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
        await conn.run_sync(SpineBase.metadata.create_all)
    yield engine
    await engine.dispose()


def document(doc_id: str) -> IncomingDocument:
    at = datetime(2022, 3, 1, 1, tzinfo=UTC)
    return IncomingDocument(
        id=doc_id, year=2022, title="通知", source_org="省政府办公厅", channel="oa", classification="none",
        urgency="normal", received_at=at, unit="GO", status="registered", registered_by="alice",
        registered_at=at, urge_count=0,
    )  # fmt: skip


async def numbered(session: AsyncSession, doc: IncomingDocument, *, alone: bool) -> None:
    def told() -> Envelope:
        return incoming_registered(doc, ALICE)

    await add_numbered(session, doc, column="reg_no", series=SERIES, form=FORM, told=told, alone=alone)


async def written(engine: AsyncEngine) -> tuple[list[str], list[str]]:
    """The registration numbers stored, and those the outbox's events carry."""
    factory = db.session_factory(engine)
    async with factory() as session:
        stored = list(
            await session.scalars(select(IncomingDocument.reg_no).order_by(IncomingDocument.reg_no))
        )
        payloads = await session.scalars(select(OutboxEvent.payload).order_by(OutboxEvent.seq))
        told = sorted(json.loads(p)["data"]["reg_no"] for p in payloads)
    return stored, told


@pytest.mark.parametrize("alone", [True, False])
async def test_a_record_that_fails_to_insert_takes_no_number_and_tells_nothing(
    engine: AsyncEngine, alone: bool
) -> None:
    factory = db.session_factory(engine)
    for doc_id in ("a", "a", "b"):  # the second "a" is refused: its number is not used up
        async with factory() as session:
            try:
                await numbered(session, document(doc_id), alone=alone)
                await session.commit()
            except IntegrityError:
                await session.rollback()
    assert await written(engine) == (["收〔2022〕1号", "收〔2022〕2号"], ["收〔2022〕1号", "收〔2022〕2号"])


async def test_a_write_with_others_rolls_back_with_them(engine: AsyncEngine) -> None:
    factory = db.session_factory(engine)
    async with factory() as session:
        await numbered(session, document("a"), alone=False)
        await session.rollback()
    async with factory() as session:
        assert await session.scalar(select(func.count()).select_from(Counter)) == 0
    assert await written(engine) == ([], [])


async def test_after_a_write_alone_the_connection_runs_transactions_again(engine: AsyncEngine) -> None:
    factory = db.session_factory(engine)  # the pool's one connection serves both sessions
    async with factory() as session:
        await numbered(session, document("a"), alone=True)
        await session.commit()
    async with factory() as session:
        await numbered(session, document("b"), alone=False)
        await session.rollback()
    assert await written(engine) == (["收〔2022〕1号"], ["收〔2022〕1号"])
