"""The dashboard's query parameters."""

from pydantic import BaseModel, Field

from shared.bounds import Code, Year


class DashboardFilters(BaseModel):
    """The filters of `GET /dashboard` (query parameters)."""

    year: Year | None = None
    # a unit code; empty (the form's 全办) or absent: the whole office
    unit: Code | None = Field(None, pattern=r"^[A-Z0-9]*$")
