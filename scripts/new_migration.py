"""Autogenerate an Alembic revision: `make migration SERVICE=docs REV=0002 MSG="..."`."""

import asyncio
import importlib
import shutil
import sys
import tempfile
from pathlib import Path

from shared.db import create_engine
from shared.migrations import new_revision

TEMPLATE = Path("shared/alembic/script.py.mako")


async def main(service: str, rev_id: str, message: str) -> None:
    importlib.import_module(f"services.{service}.models")
    migrations = Path("services") / service / "migrations"
    template = migrations / TEMPLATE.name
    shutil.copy(TEMPLATE, template)  # alembic reads the template from the script directory
    try:
        with tempfile.TemporaryDirectory() as scratch:
            engine = create_engine(f"sqlite+aiosqlite:///{scratch}/scratch.db")
            await new_revision(engine, migrations, message, rev_id)
            await engine.dispose()
    finally:
        template.unlink()


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:4]))
