"""The dashboard's query parameters."""

from pydantic import BaseModel, Field

from shared.bounds import Year


class DashboardFilters(BaseModel):
    """The filters of `GET /dashboard` (query parameters)."""

    year: Year | None = None
    # a unit code; empty (the form's 全办) or absent: the whole office
    unit: str | None = Field(None, max_length=20, pattern=r"^[A-Z0-9]*$")
