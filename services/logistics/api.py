"""Routes of the logistics service: one router per part, mounted under /api/v1."""

from fastapi import APIRouter

from services.logistics.duty.api import router as duty
from services.logistics.inspections.api import router as inspections
from services.logistics.maintenance.api import router as maintenance
from services.logistics.reception.api import router as reception
from services.logistics.subscriptions.api import router as subscriptions
from services.logistics.supplies.api import router as supplies
from services.logistics.vehicles.api import router as vehicles

router = APIRouter()
for part in (vehicles, reception, supplies, subscriptions, maintenance, inspections, duty):
    router.include_router(part)
