"""The infoscore service's app: `uvicorn --factory services.infoscore.app:create_app`."""

from pathlib import Path

from fastapi import FastAPI

from services.infoscore import api
from services.infoscore.settings import InfoscoreSettings
from shared.app import ServiceSpec, create_service_app


def create_app(settings: InfoscoreSettings | None = None) -> FastAPI:
    return create_service_app(
        ServiceSpec(
            settings=settings or InfoscoreSettings(),
            title="办公室 infoscore: 政务信息与政务公开",
            description="Information submissions, adoptions, scoring, rankings, notices, disclosure.",
            router=api.router,
            migrations=Path(__file__).parent / "migrations",
        )
    )
