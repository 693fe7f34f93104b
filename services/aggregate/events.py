"""What the aggregate consumes: every domain event on `office.>`, through the projection's
own consumers (one per generation, run by `projection.ProjectionRunner`)."""

from collections.abc import Callable, Coroutine
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import FastAPI

from services.aggregate.projection import ProjectionRunner


def projection_job(*, timezone: str, subject_root: str) -> Callable[[FastAPI], Coroutine[Any, Any, None]]:
    async def run(app: FastAPI) -> None:
        runner = ProjectionRunner(app, ZoneInfo(timezone), subject_root)
        app.state.projection = runner
        await runner.run()

    return run
