"""Reminders before due dates and on overdue items reach the right inbox, once, and stop when the
record is done. Events are published straight to NATS with a business time in the past, so the
reminders they ask for are already due: nothing waits for a clock."""

from datetime import date, timedelta
from typing import Any

from shared.contracts.docs import IncomingCompleted, IncomingUrged, SupervisionCreated
from shared.contracts.meetings import DecisionRecorded, MeetingCancelled, MeetingNoticeSent
from shared.envelope import Envelope, utcnow
from tests.integration.notify.helpers import STAFF, TZ, Bus, assigned, liaison, sent, today, written
from tests.support import NatsServer, eventually, token

NNCB, LZCB = liaison("NNCB"), liaison("LZCB")
FAST = {"reminder_poll_s": 0.05, "reminder_due_days_before": (3, 2)}
REMINDER = "office.notify.reminder.sent.v1"


async def reminders_in_inbox(stack: Any, headers: dict[str, str]) -> list[dict[str, Any]]:
    answer = await stack.notify.get("/api/v1/inbox", headers=headers, params={"limit": 500})
    assert answer.status_code == 200, answer.text
    return [i for i in answer.json()["items"] if i["event_type"] == REMINDER]


async def reminders(stack: Any, headers: dict[str, str], **params: Any) -> list[dict[str, Any]]:
    answer = await stack.notify.get("/api/v1/reminders", headers=headers, params={"limit": 500, **params})
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]  # type: ignore[no-any-return]


async def settled(stack: Any, headers: dict[str, str], record_id: str, statuses: dict[str, str]) -> None:
    """Wait until the record's reminders are in these states (kind → status)."""

    async def there() -> bool:
        rows = [r for r in await reminders(stack, headers) if r["record_id"] == record_id]
        return {r["kind"]: r["status"] for r in rows} == statuses

    await eventually(there)


async def test_reminders_go_out_before_the_due_date_and_when_overdue_to_the_lead_unit(
    start_stack: Any, nats_server: NatsServer
) -> None:
    async with start_stack("notify", **FAST) as stack, Bus(nats_server.url) as bus:
        coming, late = today() + timedelta(days=1), today() - timedelta(days=2)
        await bus.publish(sent(assigned("doc-a", coming), days_ago=10, subject="doc-a"))
        await bus.publish(sent(assigned("doc-b", late), days_ago=10, subject="doc-b"))

        await settled(stack, NNCB, "doc-a", {"before_3d": "sent", "before_2d": "sent", "overdue": "pending"})
        # doc-b's due moment had passed: the reminders before it are stale, the overdue one goes
        await settled(
            stack, NNCB, "doc-b", {"before_3d": "expired", "before_2d": "expired", "overdue": "sent"}
        )

        async def told() -> bool:
            return len(await reminders_in_inbox(stack, NNCB)) == 3

        await eventually(told)
        titles = sorted(i["title"] for i in await reminders_in_inbox(stack, NNCB))
        assert titles == [
            f"收文办理到期提醒：收-doc-a，办理期限 {written(coming)}",
            f"收文办理到期提醒：收-doc-a，办理期限 {written(coming)}",
            f"收文办理已超期：收-doc-b，办理期限 {written(late)}",
        ]
        item = (await reminders_in_inbox(stack, NNCB))[0]
        assert item["kind"] == "unit" and item["data"]["units"] == ["NNCB"]
        assert await reminders_in_inbox(stack, LZCB) == []  # assisting units are not chased
        assert await reminders(stack, LZCB) == []

        # the same assignment again (a replay under a new id): nothing more
        await bus.publish(sent(assigned("doc-a", coming), days_ago=10, subject="doc-a"))
        done = IncomingCompleted(
            id="doc-a", reg_no="收-doc-a", classification="none", lead_unit="NNCB", due=coming,
            completed_at=utcnow(), on_time=True,
        )  # fmt: skip
        await bus.publish(sent(done, days_ago=0.01, subject="doc-a"))
        await settled(
            stack, NNCB, "doc-a", {"before_3d": "sent", "before_2d": "sent", "overdue": "cancelled"}
        )
        assert len(await reminders_in_inbox(stack, NNCB)) == 3
        assert await reminders(stack, NNCB, status="pending") == []


async def test_an_urge_with_a_new_due_date_moves_the_reminders_and_an_older_event_does_not(
    start_stack: Any, nats_server: NatsServer
) -> None:
    async with start_stack("notify", **FAST) as stack, Bus(nats_server.url) as bus:
        far, near = today() + timedelta(days=30), today() + timedelta(days=1)
        first = sent(assigned("doc-c", far), days_ago=10, subject="doc-c")
        await bus.publish(first)
        await settled(
            stack, NNCB, "doc-c", {"before_3d": "pending", "before_2d": "pending", "overdue": "pending"}
        )

        urge = IncomingUrged(
            id="doc-c", reg_no="收-doc-c", classification="none", lead_unit="NNCB", due=near,
            urged_at=utcnow(), urge_count=1,
        )  # fmt: skip
        await bus.publish(sent(urge, days_ago=5, subject="doc-c"))
        await settled(stack, NNCB, "doc-c", {"before_3d": "sent", "before_2d": "sent", "overdue": "pending"})

        # the first assignment once more, under a new id: older than the urge, it changes nothing
        await bus.publish(Envelope.model_validate({**first.model_dump(), "id": "replayed-first"}))
        await bus.publish(sent(assigned("doc-d", far), days_ago=1, subject="doc-d"))  # consumed after it
        await settled(
            stack, NNCB, "doc-d", {"before_3d": "pending", "before_2d": "pending", "overdue": "pending"}
        )
        rows = [r for r in await reminders(stack, NNCB) if r["record_id"] == "doc-c"]
        assert {r["due"] for r in rows} == {near.isoformat()}
        assert {r["kind"]: r["status"] for r in rows} == {
            "before_3d": "sent",
            "before_2d": "sent",
            "overdue": "pending",
        }
        assert len(await reminders_in_inbox(stack, NNCB)) == 2


async def test_a_meeting_reminds_its_attendees_and_its_cancellation_stops_the_rest(
    start_stack: Any, nats_server: NatsServer
) -> None:
    alice = token(sub="alice", unit="GO")
    async with start_stack("notify", reminder_poll_s=0.05) as stack, Bus(nats_server.url) as bus:
        start = utcnow() + timedelta(hours=2)
        notice = MeetingNoticeSent(
            meeting_id="m-1", title="安全生产协调会", kind="coordination", organizer_unit="GO", room="一号",
            start=start, end=start + timedelta(hours=1), attendees=["alice"], attendee_units=["LZCB"],
            sent_at=utcnow(),
        )  # fmt: skip
        await bus.publish(sent(notice, days_ago=2, subject="m-1"))
        await settled(stack, alice, "m-1", {"before_24h": "sent", "before_1h": "pending"})

        async def told() -> bool:
            return (
                len(await reminders_in_inbox(stack, alice)) == 1
                and len(await reminders_in_inbox(stack, LZCB)) == 1
            )

        await eventually(told)
        [personal] = await reminders_in_inbox(stack, alice)
        local = f"{written(start.astimezone(TZ).date())} {start.astimezone(TZ):%H:%M}"
        assert personal["kind"] == "user" and personal["title"] == f"会议提醒：安全生产协调会，{local} 开始"

        cancelled = MeetingCancelled(
            id="m-1", title="安全生产协调会", kind="coordination", provincial_stat=False, external_units=[],
            organizer_unit="GO", room=None, start=start, end=start + timedelta(hours=1),
            attendees=["alice"], attendee_units=["LZCB"], cancelled_at=utcnow(),
        )  # fmt: skip
        await bus.publish(sent(cancelled, days_ago=0.01, subject="m-1"))
        await settled(stack, alice, "m-1", {"before_24h": "sent", "before_1h": "cancelled"})
        await settled(stack, LZCB, "m-1", {"before_24h": "sent", "before_1h": "cancelled"})


async def test_a_decision_hands_its_reminders_to_the_supervision_item_made_of_it(
    start_stack: Any, nats_server: NatsServer
) -> None:
    async with start_stack("notify", **FAST) as stack, Bus(nats_server.url) as bus:
        due = today() + timedelta(days=30)
        decision = DecisionRecorded(
            id="d-1", meeting_id="m-1", meeting_title="主任办公会", organizer_unit="GO", title="完成年度自查",
            assignee_unit="NNCB", due=due, recorded_at=utcnow(),
        )  # fmt: skip
        await bus.publish(sent(decision, days_ago=1, subject="d-1"))
        await settled(
            stack, NNCB, "d-1", {"before_3d": "pending", "before_2d": "pending", "overdue": "pending"}
        )

        item = SupervisionCreated(
            id="s-1", assignee_unit="NNCB", title="完成年度自查", source="meeting", source_ref="m-1",
            due=due, deadline=due, created_at=utcnow(), decision_id="d-1",
        )  # fmt: skip
        await bus.publish(sent(item, days_ago=0.5, subject="s-1"))
        await settled(stack, NNCB, "s-1", {"before_3d": "pending", "before_2d": "pending"})
        await settled(
            stack, NNCB, "d-1", {"before_3d": "cancelled", "before_2d": "cancelled", "overdue": "cancelled"}
        )
        # office staff see any unit's reminders
        assert len(await reminders(stack, STAFF, unit="NNCB", status="pending")) == 2


async def test_a_far_due_date_is_never_reminded_and_dead_letters_nothing(
    start_stack: Any, nats_server: NatsServer
) -> None:
    far = date(9999, 12, 31)  # a valid contract date: the day after it does not exist
    # one try: a failing event is dead-lettered before the next one is applied
    async with start_stack("notify", **FAST, consumer_max_tries=1) as stack, Bus(nats_server.url) as bus:
        await bus.publish(sent(assigned("doc-far", far), days_ago=10, subject="doc-far"))
        await bus.publish(
            sent(assigned("doc-near", today() + timedelta(days=1)), days_ago=10, subject="doc-near")
        )
        await settled(
            stack, NNCB, "doc-near", {"before_3d": "sent", "before_2d": "sent", "overdue": "pending"}
        )
        admin = token(sub="ops", roles=("admin",))
        dead = await stack.notify.get("/api/v1/admin/dead-letters", headers=admin)
        assert dead.json()["items"] == []
        assert [r for r in await reminders(stack, NNCB) if r["record_id"] == "doc-far"] == []
