"""Settings of the docs service (prefix `DOCS_`)."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import SERVICE_PORTS, ServiceSettings


class DocsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="DOCS_", extra="ignore", frozen=True)

    service: str = "docs"
    port: int = SERVICE_PORTS["docs"]
    files_url: str | None = Field(
        None, description="drafts' .docx in an object store (s3://bucket/prefix); default the data directory"
    )
    supervision_scan_s: float = Field(60.0, gt=0, description="how often late supervision items are flagged")
    ledger_max_bytes: int = Field(
        10 * 1024 * 1024,
        gt=0,
        description="the largest ledger file `POST /ledgers/incoming` takes (413 above)",
    )
