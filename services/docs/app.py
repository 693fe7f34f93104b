"""The docs service's app: `uvicorn --factory services.docs.app:create_app`."""

from pathlib import Path
from typing import Any

from fastapi import FastAPI

from services.docs import api, events
from services.docs.models import CalendarYear
from services.docs.outgoing.schemas import upload_schemas
from services.docs.settings import DocsSettings
from services.docs.supervision.jobs import overdue_watch
from shared import calendar
from shared.app import ServiceSpec, create_service_app


def _with_upload_schemas(app: FastAPI) -> FastAPI:
    """Adds the bodies the format check reads itself to the OpenAPI components."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = generate()
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            for name, body in upload_schemas().items():
                components.setdefault(name, body)
        return app.openapi_schema or {}

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def create_app(settings: DocsSettings | None = None) -> FastAPI:
    settings = settings or DocsSettings()
    app = create_service_app(
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
    return _with_upload_schemas(app)
