"""Alembic per service, applied on start; the spine tables come with each service's first revision."""

from pathlib import Path
from typing import Any, Literal

from alembic import command
from alembic.config import Config
from sqlalchemy import MetaData, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.spine import SpineBase
from shared.types import UtcDateTime

MIGRATION_LOCK_KEY = 7_310_2022  # any constant: serialises replicas migrating one database


def alembic_config(script_location: Path, connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.attributes["connection"] = connection
    return config


async def migrate(engine: AsyncEngine, script_location: Path) -> None:
    """Upgrade the service's database to the latest revision."""
    async with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            await conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        await conn.run_sync(_upgrade, script_location)


def _upgrade(connection: Connection, script_location: Path) -> None:
    command.upgrade(alembic_config(script_location, connection), "head")


def create_spine_tables(connection: Connection) -> None:
    """Create outbox, processed_events, dead_letters and idempotency_keys (first revision)."""
    SpineBase.metadata.create_all(connection)


def run_env(metadata: MetaData) -> None:
    """The body of every service's `migrations/env.py`."""
    from alembic import context

    context.configure(
        connection=context.config.attributes["connection"],
        target_metadata=metadata,
        render_as_batch=True,
        include_object=_not_spine,
        render_item=_render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


def _render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    # Revisions stay plain SQLAlchemy: an app type would tie old revisions to today's code.
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _not_spine(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    return not (type_ == "table" and name in SpineBase.metadata.tables)


async def new_revision(engine: AsyncEngine, script_location: Path, message: str, rev_id: str) -> None:
    """Autogenerate a revision against a database at head (`make migration`)."""
    async with engine.begin() as conn:
        await conn.run_sync(_upgrade, script_location)
        await conn.run_sync(_revision, script_location, message, rev_id)


def _revision(connection: Connection, script_location: Path, message: str, rev_id: str) -> None:
    config = alembic_config(script_location, connection)
    command.revision(config, message=message, autogenerate=True, rev_id=rev_id)


def drop_outbox_last_error() -> None:
    """Drop `outbox.last_error` where an older first revision made it (the spine tables come
    from the models, which no longer have it)."""
    from alembic import op
    from sqlalchemy import inspect

    columns = {c["name"] for c in inspect(op.get_bind()).get_columns("outbox")}
    if "last_error" in columns:
        with op.batch_alter_table("outbox") as table:
            table.drop_column("last_error")


def add_idempotency_fingerprint() -> None:
    """Add `idempotency_keys.fingerprint` where an older first revision made the table without it
    (the spine tables come from the models, which have it)."""
    from alembic import op
    from sqlalchemy import Column, String, inspect

    columns = {c["name"] for c in inspect(op.get_bind()).get_columns("idempotency_keys")}
    if "fingerprint" not in columns:
        with op.batch_alter_table("idempotency_keys") as table:
            table.add_column(Column("fingerprint", String(64), nullable=True))
