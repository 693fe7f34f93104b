"""Settings of the notify service (prefix `NOTIFY_`)."""

from pathlib import Path

from pydantic import Field, field_validator
from pydantic_core import PydanticUseDefault
from pydantic_settings import SettingsConfigDict

from services.notify.webhooks.targets import allow_entry
from shared.settings import SERVICE_PORTS, ServiceSettings


class NotifySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="NOTIFY_", extra="ignore", frozen=True)

    service: str = "notify"
    port: int = SERVICE_PORTS["notify"]

    consumer_ack_wait_s: float = Field(
        30.0, gt=0, description="how long an event fetched by an instance that died waits before redelivery"
    )

    units_stream: str = Field("UNITS", description="the stream of unit deliveries")
    units_subject_root: str = Field("units", description="units.<code>.<service>.<entity>.<action>")
    units_max_age_days: float = Field(90.0, gt=0, description="how long UNITS keeps a message")
    units_check_s: float = Field(30.0, gt=0, description="how often the UNITS stream is re-provisioned")

    webhook_timeout_s: float = Field(10.0, gt=0, description="a receiver's time to answer")
    webhook_backoff_s: float = Field(5.0, gt=0, description="the first retry's delay; doubled each time")
    webhook_backoff_max_s: float = Field(3600.0, gt=0, description="the longest delay between tries")
    webhook_max_attempts: int = Field(12, ge=1, description="tries before a delivery is dead")
    webhook_poll_s: float = Field(0.5, gt=0, description="how often the worker looks for due deliveries")
    webhook_lease_s: float = Field(60.0, gt=0, description="how long a claimed delivery is held")
    webhook_batch: int = Field(50, ge=1)
    webhook_allow_http: bool = Field(
        False, description="plain http webhook URLs too (for local use; production keeps https only)"
    )
    webhook_allow_hosts: tuple[str, ...] = Field(
        (),
        description="CIDRs and host names a webhook may reach though not public (a unit's intranet gateway)",
    )
    webhook_ca_file: Path | None = Field(
        None, description="CA certificates of receivers inside the intranet (with the system's CAs)"
    )
    webhook_resolve_timeout_s: float = Field(
        5.0, gt=0, description="how long a webhook host's lookup may take"
    )

    sse_poll_s: float = Field(1.0, gt=0, description="how often a live inbox stream looks for news")
    sse_heartbeat_s: float = Field(15.0, gt=0, description="a comment line keeps proxies from closing")

    reminder_due_days_before: tuple[int, ...] = Field(
        (3, 1), description="days before a due date (收文交办, 督办, 会议决定事项) a reminder goes out"
    )
    reminder_hour: int = Field(9, ge=0, le=23, description="the office-local hour due-date reminders go out")
    reminder_overdue_days_after: int = Field(
        1, ge=1, description="days after the due date the overdue reminder (超期提醒) goes out"
    )
    reminder_meeting_hours_before: tuple[float, ...] = Field(
        (24.0, 1.0), description="hours before a meeting starts a reminder goes to its attendees"
    )
    reminder_poll_s: float = Field(5.0, gt=0, description="how often the reminder worker looks for due ones")
    reminder_batch: int = Field(100, ge=1)

    todo_office_unit: str = Field(
        "GO",
        max_length=20,
        description="the office's unit code: review, signing and approval steps wait there",
    )
    todo_digest_hour: int = Field(
        8, ge=0, le=23, description="the office-local hour of each working day the to-do digest goes out"
    )
    todo_digest_poll_s: float = Field(60.0, gt=0, description="how often the digest job looks at the clock")
    cors_origins: tuple[str, ...] = Field(
        ("http://127.0.0.1:8106", "http://localhost:8106"),
        description="browser origins that may read notify with a token (the dashboard's)",
    )

    smtp_host: str = Field("", description="the SMTP server; empty: no e-mail")
    smtp_port: int = Field(587, ge=1, le=65535)
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = Field(True, description="upgrade the connection with STARTTLS")
    smtp_from: str = Field("office-notify@localhost", description="the sender of every mail")
    smtp_timeout_s: float = Field(30.0, gt=0)
    mail_event_types: tuple[str, ...] = Field(
        ("office.>",), description="which inbox notifications are mailed (NATS-style patterns)"
    )
    mail_backoff_s: float = Field(30.0, gt=0, description="the first retry's delay; doubled each time")
    mail_backoff_max_s: float = Field(3600.0, gt=0)
    mail_max_attempts: int = Field(20, ge=1, description="tries before a mail is given up (dead)")
    mail_poll_s: float = Field(2.0, gt=0, description="how often the mail worker looks for due mails")
    mail_lease_s: float = Field(120.0, gt=0, description="how long a claimed mail is held")
    mail_batch: int = Field(20, ge=1)

    inbox_read_keep_days: float = Field(180.0, gt=0, description="an inbox item read this long ago goes")
    webhook_delivered_keep_days: float = Field(
        30.0, gt=0, description="a webhook delivery delivered this long ago goes (dead ones stay)"
    )
    mail_sent_keep_days: float = Field(
        30.0, gt=0, description="a mail sent this long ago goes (dead ones stay)"
    )

    @field_validator(
        "smtp_port",
        "smtp_username",
        "smtp_password",
        "smtp_starttls",
        "smtp_from",
        "webhook_ca_file",
        mode="before",
    )
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        """An empty value (compose's `${NOTIFY_SMTP_PORT:-}` when unset) means the default."""
        if value == "":
            raise PydanticUseDefault()
        return value

    @field_validator("webhook_allow_hosts")
    @classmethod
    def _allow_entries(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for entry in value:
            allow_entry(entry)  # a CIDR, an address or a host name, else an error naming it
        return value

    @property
    def mail_on(self) -> bool:
        return bool(self.smtp_host)
