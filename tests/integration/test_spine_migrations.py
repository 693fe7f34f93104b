"""Each service's database made before a spine column existed gains it on the next start."""

from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from shared.db import create_engine
from shared.migrations import alembic_config, migrate
from tests.support import Databases

SERVICES = Path(__file__).resolve().parents[2] / "services"


@pytest.mark.parametrize("service", ["aggregate", "docs", "infoscore", "logistics", "meetings", "notify"])
async def test_an_older_database_gains_the_idempotency_fingerprint(
    databases: Databases, service: str
) -> None:
    engine, scripts = create_engine(await databases.new(service)), SERVICES / service / "migrations"
    try:
        await migrate(engine, scripts)
        async with engine.begin() as conn:
            head = (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalar_one()
            await conn.execute(text("ALTER TABLE idempotency_keys DROP COLUMN fingerprint"))
            await conn.execute(text("DELETE FROM alembic_version"))
            previous = ScriptDirectory.from_config(alembic_config(scripts)).get_revision(head).down_revision
            await conn.execute(text("INSERT INTO alembic_version VALUES (:v)"), {"v": previous})
        await migrate(engine, scripts)
        async with engine.connect() as conn:
            columns = await conn.run_sync(
                lambda c: {col["name"] for col in inspect(c).get_columns("idempotency_keys")}
            )
        assert "fingerprint" in columns
    finally:
        await engine.dispose()
