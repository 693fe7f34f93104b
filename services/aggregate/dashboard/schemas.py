"""The dashboard's query parameters."""

from pydantic import BaseModel, Field


class DashboardFilters(BaseModel):
    """The filters of `GET /dashboard` (query parameters)."""

    year: int | None = Field(None, ge=1900, le=2200)
    # a unit code; empty (the form's 全办) or absent: the whole office
    unit: str | None = Field(None, max_length=20, pattern=r"^[A-Z0-9]*$")
