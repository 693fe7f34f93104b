"""Answers and filters of the audit log."""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.bounds import MaybeRecordId, line
from shared.contracts.docs import Classification
from shared.types import OfficeTime

DocumentKind = Literal["incoming", "outgoing"]


class AuditRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    seq: int
    document_kind: DocumentKind
    document_id: str
    classification: Classification
    reader: str
    reader_unit: str
    reader_clearance: str
    read_at: OfficeTime
    route: str | None = Field(description="the route that answered the document: `GET /api/v1/incoming`, ...")


class AuditFilters(BaseModel):
    """The filters of `GET /audit` (query parameters)."""

    document: MaybeRecordId = Field(None, description="document id")
    person: Annotated[str, line(100, min_length=0)] | None = Field(None, description="reader (`sub`)")
    kind: DocumentKind | None = Field(None, description="incoming | outgoing")
