"""Routes of the logistics service (its domain routes arrive with its issue)."""

from fastapi import APIRouter

router = APIRouter(tags=["logistics"])
