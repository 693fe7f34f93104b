"""Settings of the logistics service (prefix `LOGISTICS_`)."""

from pydantic_settings import SettingsConfigDict

from shared.settings import SERVICE_PORTS, ServiceSettings


class LogisticsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="LOGISTICS_", extra="ignore", frozen=True)

    service: str = "logistics"
    port: int = SERVICE_PORTS["logistics"]
