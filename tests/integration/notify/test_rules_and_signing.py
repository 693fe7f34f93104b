"""The pure parts of notify: the rules table, event-type patterns, webhook signatures."""

import time
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from services.notify.rules import RULES, Rule, misnamed_fields, route, title_for
from services.notify.webhooks.service import matches
from services.notify.webhooks.signing import sign, verify
from shared.contracts.base import EventData, envelope_for
from shared.contracts.docs import IncomingRegistered
from shared.contracts.infoscore import AdoptionRecorded
from shared.contracts.logistics import DutySwapRejected
from shared.contracts.meetings import MeetingNoticeSent
from shared.envelope import Envelope

TZ = ZoneInfo("Asia/Shanghai")


def envelope(data: EventData, unit: str | None = "GO") -> Envelope:
    return envelope_for(data, subject="m1", unit=unit, actor="alice")


def test_a_meeting_notice_tells_the_organiser_the_attending_units_and_each_attendee() -> None:
    notice = MeetingNoticeSent(
        meeting_id="m1",
        title="防汛调度会",
        kind="coordination",
        organizer_unit="GO",
        room="R301",
        start=datetime(2022, 4, 1, 1, 0, tzinfo=UTC),
        end=datetime(2022, 4, 1, 2, 0, tzinfo=UTC),
        attendees=["alice", "bob", "alice"],
        attendee_units=["NNCB", "GO"],
        sent_at=datetime(2022, 3, 30, tzinfo=UTC),
    )
    routing = route(envelope(notice), timezone=TZ)
    assert routing.units == ("GO", "NNCB")
    assert routing.inbox_units == ("GO", "NNCB")
    assert routing.inbox_users == ("alice", "bob")
    assert routing.title == "会议通知：防汛调度会，2022年4月1日 09:00，R301"


def test_a_withheld_value_shows_as_a_dash() -> None:
    registered = IncomingRegistered(
        id="d1",
        reg_no="收〔2022〕3号",
        title=None,
        source_org="省政府办公厅",
        channel="oa",
        classification="secret",
        urgency="normal",
        received_at=datetime(2022, 3, 1, tzinfo=UTC),
        unit="GO",
    )
    assert route(envelope(registered), timezone=TZ).title == "收文登记：收〔2022〕3号 —"


def test_an_event_that_does_not_match_its_contract_is_still_routed() -> None:
    raw = Envelope(
        source="office/docs", type="office.docs.incoming.assigned.v1", subject="d1", unit="GO",
        data={"reg_no": "收〔2022〕7号", "lead_unit": "LZCB", "assist_units": ["GLCB"]},
    )  # fmt: skip
    routing = route(raw, timezone=TZ)
    assert routing.inbox_units == ("GO", "LZCB", "GLCB")
    assert routing.title == "收文交办：收〔2022〕7号，办理期限 —"


def test_an_unlisted_type_goes_to_its_unit_only_and_to_no_inbox() -> None:
    def other(unit: str | None) -> Envelope:
        data = {"lead_unit": "NNCB"}
        return Envelope(
            source="office/logistics",
            type="office.logistics.boiler.inspected.v1",
            subject="b1",
            data=data,
            unit=unit,
        )

    routing = route(other("SVC"), timezone=TZ)
    assert routing.units == ("SVC",) and routing.title is None and routing.inbox_units == ()
    assert route(other(None), timezone=TZ).units == ()


def test_every_field_a_rule_names_is_on_its_contract() -> None:
    assert misnamed_fields(RULES) == []


def test_a_rule_naming_a_field_its_contract_lacks_is_found() -> None:
    wrong: dict[type[EventData], Rule] = {
        DutySwapRejected: Rule("换班未批准：{day}", user_fields=("requester", "date")),
        IncomingRegistered: Rule("{reg_no}", unit_fields=("received_at",)),
    }
    assert misnamed_fields(wrong) == [
        "DutySwapRejected.day",
        "DutySwapRejected.requester",
        "DutySwapRejected.date",  # a date names nobody
        "IncomingRegistered.received_at",
    ]
    with pytest.raises(KeyError):
        title_for(Rule("{no_such_field}"), {"reg_no": "收〔2022〕3号"}, TZ)


def test_times_and_dates_in_titles_are_the_offices() -> None:
    rule = Rule("{due}，{at}")
    values = {"due": date(2022, 6, 1), "at": datetime(2022, 6, 1, 1, 0, tzinfo=UTC)}
    assert title_for(rule, values, TZ) == "2022年6月1日，2022年6月1日 09:00"


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


def test_an_adoption_title_gives_the_level_in_chinese() -> None:
    adopted = AdoptionRecorded(
        id="a1",
        submission_id="s1",
        unit="NNCB",
        category="government",
        level="national",
        outlet="国务院办公厅信息",
        instruction=False,
        points=10,
        adopted_at=datetime(2022, 5, 1, tzinfo=UTC),
        year=2022,
        month=5,
    )
    assert route(envelope(adopted), timezone=TZ).title == "信息被采用：国务院办公厅信息（国家级，10 分）"
