"""Settings shared by every service, read from the environment (pydantic-settings).

Each service subclasses `ServiceSettings` with its own prefix (`DOCS_`, ...) for the
port and database URL; the suite-wide names (`NATS_URL`, `OFFICE_*`) carry no prefix.
"""

import os
import secrets
from datetime import timedelta
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.db import is_sqlite

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_UNITS_FILE = PROJECT_ROOT / "shared" / "data" / "units.yaml"
SAMPLE_HOLIDAYS_FILE = PROJECT_ROOT / "shared" / "data" / "holidays.yaml"
LOCAL_SECRET_NAME = "local-jwt-secret"
MIB = 1024 * 1024
MIN_SECRET_BYTES = 32

SERVICE_PORTS = {
    "docs": 8101,
    "meetings": 8102,
    "infoscore": 8103,
    "logistics": 8104,
    "notify": 8105,
    "aggregate": 8106,
}


def _suite(name: str) -> AliasChoices:
    return AliasChoices(name)


class ServiceSettings(BaseSettings):
    """What every service needs to know; subclasses set `service`, the prefix and the port."""

    model_config = SettingsConfigDict(extra="ignore", frozen=True, populate_by_name=True)

    service: str = "service"
    port: int = 8100
    host: str = "127.0.0.1"
    database_url: str | None = None

    env: Literal["local", "production"] = Field("local", validation_alias=_suite("OFFICE_ENV"))
    nats_url: str = Field("nats://127.0.0.1:4222", validation_alias=_suite("NATS_URL"))
    data_dir: Path = Field(Path("var"), validation_alias=_suite("OFFICE_DATA_DIR"))
    units_file: Path = Field(SAMPLE_UNITS_FILE, validation_alias=_suite("OFFICE_UNITS_FILE"))
    holidays_file: Path = Field(SAMPLE_HOLIDAYS_FILE, validation_alias=_suite("OFFICE_HOLIDAYS_FILE"))
    jwt_secret: str | None = Field(None, validation_alias=_suite("OFFICE_JWT_SECRET"))
    jwks_url: str | None = Field(None, validation_alias=_suite("OFFICE_JWKS_URL"))
    jwt_audience: str | None = Field(None, validation_alias=_suite("OFFICE_JWT_AUDIENCE"))
    jwt_issuer: str | None = Field(None, validation_alias=_suite("OFFICE_JWT_ISSUER"))
    jwt_max_lifetime_s: int = Field(
        24 * 3600, gt=0, validation_alias=_suite("OFFICE_JWT_MAX_LIFETIME_S")
    )  # a token whose `exp` lies further ahead is refused
    jwks_timeout_s: float = Field(3.0, gt=0, validation_alias=_suite("OFFICE_JWKS_TIMEOUT_S"))
    max_body_bytes: int = Field(
        MIB, gt=0, validation_alias=_suite("OFFICE_MAX_BODY_BYTES")
    )  # a route may declare a larger limit (the ledger import)
    idempotency_ttl_s: float = Field(
        24 * 3600, gt=0, validation_alias=_suite("OFFICE_IDEMPOTENCY_TTL_S")
    )  # stored answers (which may hold classified titles) expire
    replay_horizon_days: float | None = Field(
        None, gt=0, validation_alias=_suite("OFFICE_REPLAY_HORIZON_DAYS")
    )  # `office replay` leaves older events out, so consumers may forget their ids (None: any age)
    retention_every_s: float = Field(3600.0, gt=0, validation_alias=_suite("OFFICE_RETENTION_EVERY_S"))
    retention_batch: int = Field(
        5000, ge=1, validation_alias=_suite("OFFICE_RETENTION_BATCH")
    )  # rows deleted per transaction, so a first run on a large table holds no long lock
    db_pool_size: int = Field(10, ge=1, le=200, validation_alias=_suite("OFFICE_DB_POOL_SIZE"))
    """PostgreSQL connections per service process (a request beyond them waits for one)."""
    stream_name: str = Field("OFFICE", validation_alias=_suite("OFFICE_STREAM"))
    subject_root: str = Field("office", validation_alias=_suite("OFFICE_SUBJECT_ROOT"))
    relay_batch: int = Field(256, validation_alias=_suite("OFFICE_RELAY_BATCH"))
    relay_lease_s: float = Field(10.0, validation_alias=_suite("OFFICE_RELAY_LEASE"))
    consumer_batch: int = Field(256, validation_alias=_suite("OFFICE_CONSUMER_BATCH"))
    consumer_max_tries: int = Field(5, validation_alias=_suite("OFFICE_CONSUMER_MAX_TRIES"))
    consumer_backoff_s: float = Field(0.5, validation_alias=_suite("OFFICE_CONSUMER_BACKOFF"))
    otlp_endpoint: str | None = Field(None, validation_alias=_suite("OTEL_EXPORTER_OTLP_ENDPOINT"))
    timezone: str = Field("Asia/Shanghai", validation_alias=_suite("OFFICE_TIMEZONE"))
    log_json: bool = Field(True, validation_alias=_suite("OFFICE_LOG_JSON"))
    separation_of_duties: bool = Field(
        True, validation_alias=_suite("OFFICE_SEPARATION_OF_DUTIES"), description="drafter ≠ approver"
    )

    @field_validator("replay_horizon_days", mode="before")
    @classmethod
    def _never_is_none(cls, value: object) -> object:
        """`OFFICE_REPLAY_HORIZON_DAYS=never` (or empty): replay any age, forget no processed id."""
        return None if value in ("", "never", "none") else value

    @model_validator(mode="after")
    def _production_refuses_weak_settings(self) -> "ServiceSettings":
        if self.env != "production":
            return self
        refused = [reason for held, reason in self._production_rules() if not held]
        if refused:
            raise ValueError("OFFICE_ENV=production refuses to start: " + "; ".join(refused))
        return self

    def _production_rules(self) -> list[tuple[bool, str]]:
        """What production needs, each with what to set when it is missing."""
        prefix = str(self.model_config.get("env_prefix") or f"{self.service.upper()}_")
        secret = self.jwt_secret or ""
        return [
            (
                bool(self.jwks_url or secret),
                "set OFFICE_JWKS_URL (or OFFICE_JWT_SECRET); the generated local secret is refused",
            ),
            (
                not secret or len(secret.encode()) >= MIN_SECRET_BYTES,
                f"OFFICE_JWT_SECRET must be at least {MIN_SECRET_BYTES} random bytes",
            ),
            (
                not self.jwks_url or self.jwks_url.startswith("https://"),
                "OFFICE_JWKS_URL must be an https:// URL",
            ),
            (bool(self.jwt_audience), "set OFFICE_JWT_AUDIENCE (the `aud` every token must carry)"),
            (bool(self.jwt_issuer), "set OFFICE_JWT_ISSUER (the `iss` every token must carry)"),
            (
                not is_sqlite(self.db_url),
                f"set {prefix}DATABASE_URL to PostgreSQL (postgresql+asyncpg://...); SQLite is for local use",
            ),
        ]

    @property
    def replay_horizon(self) -> timedelta | None:
        return None if self.replay_horizon_days is None else timedelta(days=self.replay_horizon_days)

    @property
    def relay_lease(self) -> timedelta:
        return timedelta(seconds=self.relay_lease_s)

    @property
    def db_url(self) -> str:
        """The service's database: its own URL, else an SQLite file under the data dir."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / f'{self.service}.db').resolve()}"

    @cached_property
    def signing_secret(self) -> str | None:
        """The HS256 secret: given, or (local only) generated once under the data dir."""
        if self.jwt_secret:
            return self.jwt_secret
        if self.jwks_url:
            return None
        return local_secret(self.data_dir)


def local_secret(data_dir: Path) -> str:
    """Read the local signing secret, creating it on first use (safe against racing starts)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / LOCAL_SECRET_NAME
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_when_written(path)
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def _read_when_written(path: Path) -> str:
    import time

    for _ in range(100):
        text = path.read_text().strip()
        if text:
            return text
        time.sleep(0.01)
    raise RuntimeError(f"{path} is empty")
