"""The pure parts of notify: the rules table, event-type patterns, webhook signatures."""

import time

from services.notify.rules import RULES, route
from services.notify.webhooks.service import matches
from services.notify.webhooks.signing import sign, verify
from shared.envelope import Envelope


def envelope(type_: str, data: dict[str, object], unit: str | None = "GO") -> Envelope:
    return Envelope(source="office/meetings", type=type_, subject="m1", data=data, unit=unit)


def test_a_meeting_notice_tells_the_organiser_the_attending_units_and_each_attendee() -> None:
    routing = route(
        envelope(
            "office.meetings.meeting.noticed.v1",
            {
                "title": "防汛调度会",
                "start": "2022-04-01T09:00:00+08:00",
                "room": "R301",
                "attendee_units": ["NNCB", "GO"],
                "attendees": ["alice", "bob", "alice"],
            },
        )
    )
    assert routing.units == ("GO", "NNCB")
    assert routing.inbox_units == ("GO", "NNCB")
    assert routing.inbox_users == ("alice", "bob")
    assert routing.title == "会议通知：防汛调度会，2022-04-01T09:00:00+08:00，R301"


def test_a_withheld_or_missing_value_shows_as_a_dash() -> None:
    routing = route(
        envelope("office.docs.incoming.registered.v1", {"reg_no": "收〔2022〕3号", "title": None})
    )
    assert routing.title == "收文登记：收〔2022〕3号 —"


def test_an_unlisted_type_goes_to_its_unit_only_and_to_no_inbox() -> None:
    routing = route(envelope("office.logistics.boiler.inspected.v1", {"lead_unit": "NNCB"}, unit="SVC"))
    assert routing.units == ("SVC",) and routing.title is None and routing.inbox_units == ()
    assert route(envelope("office.logistics.boiler.inspected.v1", {}, unit=None)).units == ()


def test_every_rule_title_formats_with_no_data() -> None:
    for subject in RULES:
        assert route(envelope(f"{subject}.v1", {})).title


def test_event_type_patterns() -> None:
    registered = "office.docs.incoming.registered.v1"
    for pattern in (
        "office.docs.incoming.registered",
        registered,
        "office.docs.>",
        "office.*.incoming.*",
        ">",
    ):
        assert matches(pattern, registered), pattern
    for pattern in (
        "office.docs",
        "office.meetings.>",
        "office.docs.*",
        "office.docs.incoming.registered.v2",
    ):
        assert not matches(pattern, registered), pattern


def test_a_signature_checks_the_body_the_secret_and_the_time() -> None:
    now = int(time.time())
    header = sign("s3cret", b'{"a":1}', now)
    assert header.startswith(f"t={now},v1=")
    assert verify("s3cret", b'{"a":1}', header)
    assert not verify("s3cret", b'{"a":2}', header)
    assert not verify("other", b'{"a":1}', header)
    assert not verify("s3cret", b'{"a":1}', header, now=now + 301)  # a replay, too late
    assert not verify("s3cret", b'{"a":1}', "v1=abc")
