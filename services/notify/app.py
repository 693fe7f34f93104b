"""The notify service's app: `uvicorn --factory services.notify.app:create_app`."""

from pathlib import Path

from fastapi import FastAPI

from services.notify import api, events
from services.notify.settings import NotifySettings
from shared.app import ServiceSpec, create_service_app


def create_app(settings: NotifySettings | None = None) -> FastAPI:
    return create_service_app(
        ServiceSpec(
            settings=settings or NotifySettings(),
            title="办公室 notify: 通知",
            description="Inbox, unit subscriptions, webhooks, deliveries, reminders.",
            router=api.router,
            migrations=Path(__file__).parent / "migrations",
            consumers=events.consumers(),
        )
    )
