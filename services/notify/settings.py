"""Settings of the notify service (prefix `NOTIFY_`)."""

from pydantic_settings import SettingsConfigDict

from shared.settings import SERVICE_PORTS, ServiceSettings


class NotifySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="NOTIFY_", extra="ignore", frozen=True)

    service: str = "notify"
    port: int = SERVICE_PORTS["notify"]
