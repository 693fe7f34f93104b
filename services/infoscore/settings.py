"""Settings of the infoscore service (prefix `INFOSCORE_`)."""

from pydantic_settings import SettingsConfigDict

from shared.settings import SERVICE_PORTS, ServiceSettings


class InfoscoreSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="INFOSCORE_", extra="ignore", frozen=True)

    service: str = "infoscore"
    port: int = SERVICE_PORTS["infoscore"]
