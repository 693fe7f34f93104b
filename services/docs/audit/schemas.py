"""Answers of the audit log."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from shared.contracts.docs import Classification

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
    read_at: datetime
