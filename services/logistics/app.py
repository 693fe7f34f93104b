"""The logistics service's app: `uvicorn --factory services.logistics.app:create_app`."""

from pathlib import Path

from fastapi import FastAPI

from services.logistics import api, events
from services.logistics.duty.jobs import send_duty_reminders
from services.logistics.inspections.jobs import scan_missed_inspections
from services.logistics.models import CalendarYear
from services.logistics.settings import LogisticsSettings
from shared import calendar
from shared.app import ServiceSpec, create_service_app


def create_app(settings: LogisticsSettings | None = None) -> FastAPI:
    settings = settings or LogisticsSettings()
    return create_service_app(
        ServiceSpec(
            settings=settings,
            background=[scan_missed_inspections, send_duty_reminders],
            title="办公室 logistics: 后勤",
            description="Vehicles, receptions, supplies, subscriptions, maintenance, duty, inspections.",
            router=api.router,
            migrations=Path(__file__).parent / "migrations",
            consumers=events.consumers(settings.subject_root),
            warnings=calendar.readiness(CalendarYear),
        )
    )
