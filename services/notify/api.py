"""Routes of the notify service (its domain routes arrive with its issue)."""

from fastapi import APIRouter

router = APIRouter(tags=["notify"])
