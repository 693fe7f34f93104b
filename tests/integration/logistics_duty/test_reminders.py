"""Reminders before each shift: sent once each by the service's own loop, also across a restart,
and to whoever holds the shift when it is due."""

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from services.logistics.duty import jobs
from services.logistics.duty.service import send_due_reminders
from shared.spine import OutboxEvent
from tests.integration.conftest import Stack, app_factory, running, settings_for
from tests.integration.logistics.conftest import LEADER, STAFF, Tap, created
from tests.integration.logistics_duty.conftest import caller, roster, shift_of
from tests.support import Databases, NatsServer, eventually

REMINDED = "office.logistics.duty.reminded"
FIRST_SHIFT = datetime(2099, 10, 1, 8, tzinfo=ZoneInfo("Asia/Shanghai"))  # the 08:00 shift of day one


def hours_before_first_shift(due_in_s: float) -> float:
    """The reminder offset that makes day one's reminders due `due_in_s` seconds from now."""
    return (FIRST_SHIFT - datetime.now(UTC) - timedelta(seconds=due_in_s)).total_seconds() / 3600


class Service:
    """The logistics service on one database, started and stopped at will (a restart)."""

    def __init__(self, database_url: str, nats: NatsServer, data_dir: Path, **settings: Any) -> None:
        self.settings = settings_for(
            "logistics", database_url=database_url, nats_url=nats.url, data_dir=data_dir, **settings
        )
        self.app: Any = None

    def run(self) -> Any:
        self.app = app_factory("logistics")(self.settings)
        return running(self.app)

    async def staged(self, subject: str) -> int:
        """How many events of `subject` the service has staged in its outbox (sent or not)."""
        async with self.app.state.factory() as session:
            query = select(func.count()).select_from(OutboxEvent).where(OutboxEvent.subject == subject)
            return int(await session.scalar(query) or 0)


class ReminderClock:
    """The reminder sender's clock and its rounds: the test moves the clock on while nothing runs
    and waits for rounds to have passed, never for a stretch of time."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.ahead = timedelta()
        self.rounds = 0
        send = send_due_reminders  # what `jobs` calls, until replaced below

        async def counted(**arguments: Any) -> int:
            claimed = await send(**arguments)
            self.rounds += 1
            return claimed

        monkeypatch.setattr(jobs, "utcnow", lambda: datetime.now(UTC) + self.ahead)
        monkeypatch.setattr(jobs, "send_due_reminders", counted)

    async def more_rounds(self, count: int = 3) -> None:
        until = self.rounds + count

        async def passed() -> bool:
            return self.rounds >= until

        await eventually(passed)


def reminded(tap: Tap) -> list[dict[str, Any]]:
    return [e["data"] for e in tap.of(REMINDED)]


async def test_each_reminder_is_sent_once_also_across_a_restart(
    databases: Databases, nats_server: NatsServer, tmp_path: Path, tap: Tap, monkeypatch: pytest.MonkeyPatch
) -> None:
    # two reminders per shift: one due now, one an hour on, when nothing runs; day two's a day later
    clock = ReminderClock(monkeypatch)
    service = Service(
        await databases.new("logistics"),
        nats_server,
        tmp_path,
        duty_reminder_scan_s=0.1,
        duty_remind_hours_before=[hours_before_first_shift(-1), hours_before_first_shift(3600)],
    )
    stack = Stack()
    async with service.run() as client:
        stack.clients["logistics"] = client
        published = await created(stack, "/duty/rosters", roster("2099-10-01", 2, holiday="国庆节"))
        first = await tap.wait_for(REMINDED, 2)
        await clock.more_rounds()
        assert await service.staged(REMINDED) == 2  # more rounds: nothing again
    due = {shift_of(published, "2099-10-01", role)["id"]: role for role in ("leader", "staff")}
    assert {e["data"]["shift_id"] for e in first} == set(due)
    clock.ahead = timedelta(hours=2)  # the second reminders fall due while nothing runs

    async with service.run() as client:
        stack.clients["logistics"] = client
        await tap.wait_for(REMINDED, 4)
        await clock.more_rounds()
        assert await service.staged(REMINDED) == 4
        rows = (
            await client.get(
                "/api/v1/duty/reminders", params={"roster_id": published["id"], "limit": 500}, headers=STAFF
            )
        ).json()["items"]
    sent = reminded(tap)
    assert len(sent) == 4 and len({e["id"] for e in sent}) == 4, "a reminder was lost or repeated"
    assert sorted((e["shift_id"], e["person"]) for e in sent) == sorted(
        (shift_of(published, "2099-10-01", role)["id"], person)
        for role, person in (("leader", "lao-wang"), ("staff", "xiao-zhang"))
        for _ in range(2)
    )
    event = next(e for e in sent if e["role"] == "staff")
    assert event["date"] == "2099-10-01" and event["name"] == "张伟" and event["phone"] == "0771-2800000"
    assert event["starts_at"] == "2099-10-01T00:00:00Z" and event["holiday"] == "国庆节"
    assert {r["id"] for r in rows if r["sent_at"]} == {e["id"] for e in sent}
    assert all(r["outcome"] == "sent" for r in rows if r["sent_at"])
    assert len([r for r in rows if r["sent_at"] is None]) == 4  # day two's, due a day later


async def test_two_replicas_send_each_reminder_once(
    databases: Databases, nats_server: NatsServer, tmp_path: Path, tap: Tap
) -> None:
    offsets = [hours_before_first_shift(1.5 + n / 10) for n in range(5)]
    url = await databases.new("logistics")
    one = Service(url, nats_server, tmp_path, duty_reminder_scan_s=0.02, duty_remind_hours_before=offsets)
    two = Service(url, nats_server, tmp_path, duty_reminder_scan_s=0.02, duty_remind_hours_before=offsets)
    async with one.run() as client, two.run():
        stack = Stack()
        stack.clients["logistics"] = client
        await created(stack, "/duty/rosters", roster("2099-10-01", 1, holiday="国庆节"))
        await tap.wait_for(REMINDED, 10)  # 5 reminders for each of the 2 shifts
        await asyncio.sleep(1.0)
    ids = [e["id"] for e in reminded(tap)]
    assert len(ids) == 10 and len(set(ids)) == 10


async def test_a_swap_before_the_reminder_moves_it_to_the_new_person(
    databases: Databases, nats_server: NatsServer, tmp_path: Path, tap: Tap
) -> None:
    service = Service(
        await databases.new("logistics"),
        nats_server,
        tmp_path,
        duty_reminder_scan_s=0.1,
        duty_remind_hours_before=[hours_before_first_shift(3)],
    )
    async with service.run() as client:
        stack = Stack()
        stack.clients["logistics"] = client
        published = await created(stack, "/duty/rosters", roster("2099-10-01", 3, holiday="国庆节"))
        shift = shift_of(published, "2099-10-01")
        body = {"shift": shift["id"], "with_person": "xiao-chen", "reason": "临时出差"}
        swap = await created(stack, "/duty/swaps", body, caller("xiao-zhang"))
        await created(stack, f"/duty/swaps/{swap['id']}/approve", {}, LEADER)
        assert not tap.of(REMINDED), "the reminder was due too early for this test"
        await tap.wait_for(REMINDED, 2)

        async def none_pending_for_day_one() -> bool:
            rows = (
                await client.get("/api/v1/duty/reminders", params={"pending": True}, headers=STAFF)
            ).json()
            return {r["shift_id"] for r in rows["items"]}.isdisjoint({shift["id"]})

        await eventually(none_pending_for_day_one)
    staff = next(e for e in reminded(tap) if e["role"] == "staff")
    assert (staff["shift_id"], staff["person"], staff["name"]) == (shift["id"], "xiao-chen", "陈静")
    assert staff["unit"] == "GO"
