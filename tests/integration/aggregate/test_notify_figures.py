"""The health of the notifications: webhook deliveries and mails given up, by year and unit."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from shared.bus import ensure_stream
from shared.contracts import envelope_for
from shared.contracts.base import EventData
from shared.contracts.notify import DeliveryDeadLettered, MailDeadLettered
from tests.support import NatsServer, eventually, jetstream, token

STAFF = token()
WHEN = datetime(2022, 6, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def dead_mail(mail_id: int, *, unit: str | None, person: str | None) -> MailDeadLettered:
    return MailDeadLettered(
        id=mail_id,
        address="someone@example.gov.cn",
        unit=unit,
        person=person,
        event_id="e1",
        mail_subject="收文办理已超期",
        attempts=20,
        last_error="SMTPConnectError",
    )


async def publish(url: str, *events: tuple[EventData, str | None]) -> None:
    async with jetstream(url) as js:
        await ensure_stream(js, "OFFICE", ["office.>"])
        for number, (data, unit) in enumerate(events):
            envelope = envelope_for(data, subject=str(number), unit=unit, actor="notify", time=WHEN)
            payload = envelope.model_dump_json().encode()
            await js.publish(envelope.nats_subject, payload, headers={"Nats-Msg-Id": envelope.id})


async def notify_figures(stack: Any, **params: str) -> dict[str, int]:
    answer = await stack.aggregate.get("/api/v1/stats/2022", params=params, headers=STAFF)
    assert answer.status_code == 200, answer.text
    return answer.json()["notify"]  # type: ignore[no-any-return]


async def test_webhook_deliveries_and_mails_given_up_are_counted(
    start_stack: Any, nats_server: NatsServer
) -> None:
    delivery = DeliveryDeadLettered(
        id=1, webhook_id=1, unit="NNCB", url="https://nncb.example/hook", event_id="e0",
        undelivered_type="office.docs.incoming.registered.v1", attempts=12,
    )  # fmt: skip
    async with start_stack("aggregate") as stack:
        await publish(
            nats_server.url,
            (delivery, "NNCB"),
            (dead_mail(1, unit="NNCB", person=None), "NNCB"),
            (dead_mail(2, unit=None, person="alice"), None),
        )

        async def counted() -> bool:
            return await notify_figures(stack) == {"dead_letters": 1, "mails_dead": 2}

        await eventually(counted)
        assert await notify_figures(stack, unit="NNCB") == {"dead_letters": 1, "mails_dead": 1}
