"""The meetings service's app: `uvicorn --factory services.meetings.app:create_app`."""

from pathlib import Path

from fastapi import FastAPI

from services.meetings import api
from services.meetings.settings import MeetingsSettings
from shared.app import ServiceSpec, create_service_app


def create_app(settings: MeetingsSettings | None = None) -> FastAPI:
    return create_service_app(
        ServiceSpec(
            settings=settings or MeetingsSettings(),
            title="办公室 meetings: 会议",
            description="Rooms, meetings, attendance, minutes and decisions.",
            router=api.router,
            migrations=Path(__file__).parent / "migrations",
        )
    )
