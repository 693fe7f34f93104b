"""Notify dies (SIGKILL) while it sends a pile of due reminders, and is started again: every
reminder goes out once, none is lost with the process and none is sent a second time."""

import asyncio
import json
from collections.abc import Callable
from datetime import timedelta
from zoneinfo import ZoneInfo

import httpx
import nats
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import create_async_engine

from services.notify.reminders.models import Reminder
from shared.contracts.base import envelope_for
from shared.contracts.docs import IncomingAssigned
from shared.envelope import utcnow
from tests.integration.notify.helpers import Bus, liaison
from tests.support import Databases, NatsServer, ServiceProcess, eventually, jetstream

RECORDS = 100
REMINDERS = 2 * RECORDS  # each: the reminders 3 and 2 days before its due date, both due already
NNCB = liaison("NNCB")
FAST = {
    "NOTIFY_REMINDER_POLL_S": "0.02",
    "NOTIFY_REMINDER_BATCH": "1",  # one claim per transaction, so the kill finds some half done
    "NOTIFY_REMINDER_DUE_DAYS_BEFORE": "[3, 2]",
    "NOTIFY_CONSUMER_ACK_WAIT_S": "2",
}


async def sent_in_database(url: str) -> int:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            query = select(func.count()).select_from(Reminder).where(Reminder.status == "sent")
            return int((await conn.execute(query)).scalar_one())
    finally:
        await engine.dispose()


async def reminder_ids_in_stream(url: str) -> list[int]:
    """The reminder of every `office.notify.reminder.sent` message in the stream (one per message)."""
    async with jetstream(url) as js:
        subscription = await js.subscribe("office.notify.reminder.sent", ordered_consumer=True)
        ids: list[int] = []
        while True:
            try:
                message = await subscription.next_msg(timeout=1.0)
            except nats.errors.TimeoutError:
                return ids
            ids.append(json.loads(message.data)["data"]["id"])


async def inbox_reminders(client: httpx.AsyncClient) -> int:
    answer = await client.get("/api/v1/inbox", headers=NNCB, params={"limit": 500})
    assert answer.status_code == 200, answer.text
    return sum(1 for i in answer.json()["items"] if i["event_type"] == "office.notify.reminder.sent.v1")


@pytest.mark.fault
@pytest.mark.timeout(180)
async def test_a_notify_killed_while_sending_reminders_sends_each_once_after_restart(
    databases: Databases, nats_server: NatsServer, service_process: Callable[..., ServiceProcess]
) -> None:
    database = await databases.new("notify")
    notify = service_process("notify", database, **FAST)
    await asyncio.to_thread(notify.start)
    due = utcnow().astimezone(ZoneInfo("Asia/Shanghai")).date() + timedelta(days=1)
    async with Bus(nats_server.url) as bus:
        for n in range(RECORDS):
            data = IncomingAssigned(
                id=f"doc-{n}", reg_no=f"收-{n}", classification="none", lead_unit="NNCB", assist_units=[],
                due=due, assigned_at=utcnow(), reassigned=False,
            )  # fmt: skip
            at = utcnow() - timedelta(days=10)
            await bus.publish(envelope_for(data, subject=f"doc-{n}", unit="GO", actor="tester", time=at))

    async def under_way() -> bool:
        return await sent_in_database(database) >= 10

    await eventually(under_way, within=60, interval=0.02)
    notify.kill()
    assert await sent_in_database(database) < REMINDERS, "the kill must land before the end"

    await asyncio.to_thread(notify.start)
    async with httpx.AsyncClient(base_url=notify.url, timeout=5.0) as client:

        async def all_told() -> bool:
            return await inbox_reminders(client) >= REMINDERS

        await eventually(all_told, within=90)
        assert await sent_in_database(database) == REMINDERS
        ids = await reminder_ids_in_stream(nats_server.url)
        assert len(ids) == REMINDERS and len(set(ids)) == REMINDERS  # none lost, none twice
        assert await inbox_reminders(client) == REMINDERS
