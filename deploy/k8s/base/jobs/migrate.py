"""Apply services' Alembic migrations and exit: what the migration Jobs run.

    python /opt/office-jobs/migrate.py docs [meetings ...]

The services migrate on start as well (under a PostgreSQL advisory lock, so replicas
never race); the Jobs let an upgrade migrate first and roll out after. Settings come
from the environment as for the service (`<SERVICE>_DATABASE_URL`, `OFFICE_*`).
"""

import asyncio
import importlib
import sys
from pathlib import Path

from office.cli import service_settings
from shared.db import create_engine
from shared.migrations import migrate


async def migrate_service(service: str) -> None:
    settings = service_settings(service)
    package = importlib.import_module(f"services.{service}")
    migrations = Path(str(package.__file__)).parent / "migrations"
    engine = create_engine(settings.db_url)
    try:
        await migrate(engine, migrations)
    finally:
        await engine.dispose()
    print(f"{service}: migrated to head", flush=True)


async def main(services: list[str]) -> None:
    for service in services:
        await migrate_service(service)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: migrate.py SERVICE [SERVICE ...]")
    asyncio.run(main(sys.argv[1:]))
