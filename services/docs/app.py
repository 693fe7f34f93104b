"""The docs service's app: `uvicorn --factory services.docs.app:create_app`."""

from pathlib import Path

from fastapi import FastAPI

from services.docs import api, events
from services.docs.models import CalendarYear
from services.docs.settings import DocsSettings
from services.docs.supervision.jobs import overdue_watch
from shared import calendar
from shared.app import ServiceSpec, create_service_app


def create_app(settings: DocsSettings | None = None) -> FastAPI:
    settings = settings or DocsSettings()
    return create_service_app(
        ServiceSpec(
            settings=settings,
            title="办公室 docs: 公文与督办",
            description="Incoming and outgoing documents, format check, materials, supervision.",
            router=api.router,
            migrations=Path(__file__).parent / "migrations",
            consumers=events.consumers(
                holidays_file=settings.holidays_file,
                subject_root=settings.subject_root,
                timezone=settings.timezone,
            ),
            warnings=calendar.readiness(CalendarYear),
            background=[overdue_watch],
        )
    )
