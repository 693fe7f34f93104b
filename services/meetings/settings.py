"""Settings of the meetings service (prefix `MEETINGS_`)."""

from pydantic_settings import SettingsConfigDict

from shared.settings import SERVICE_PORTS, ServiceSettings


class MeetingsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="MEETINGS_", extra="ignore", frozen=True)

    service: str = "meetings"
    port: int = SERVICE_PORTS["meetings"]
