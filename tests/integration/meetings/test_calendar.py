"""A unit's and a room's calendar as .ics (RFC 5545), parsed back."""

from typing import Any

from tests.integration.meetings.helpers import STAFF, act, schedule
from tests.support import token


def parse_ics(text: str) -> list[dict[str, str]]:
    """A strict little reader: CRLF lines of at most 75 octets, unfolded; VEVENTs as dicts."""
    assert text.endswith("\r\n")
    physical = text.split("\r\n")[:-1]
    assert all(len(line.encode()) <= 75 for line in physical)
    lines: list[str] = []
    for line in physical:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    events: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for line in lines[1:-1]:
        name, _, value = line.partition(":")
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            assert current is not None
            events.append(current)
            current = None
        elif current is not None:
            current[name] = value
    assert current is None
    for event in events:
        assert {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"} <= set(event)
    return events


async def test_a_units_calendar_lists_what_it_organises_or_attends(stack: Any) -> None:
    organised = await schedule(
        stack, organizer_unit="SAF", attendee_units=[], title="安全生产会议;第一次, 专题"
    )
    attended = await schedule(stack, room="R502", attendee_units=["SAF"], attendees=["张" * 40])
    await schedule(
        stack, attendee_units=["ECO"], start="2022-04-02T09:00:00+08:00", end="2022-04-02T10:00:00+08:00"
    )
    await act(stack, attended["id"], "cancel")
    answer = await stack.meetings.get("/api/v1/calendars/units/SAF.ics", headers=STAFF)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/calendar")
    events = parse_ics(answer.text)
    assert [e["UID"].split("@")[0] for e in events] == [organised["id"], attended["id"]]
    assert events[0]["SUMMARY"] == "安全生产会议\\;第一次\\, 专题"
    assert events[0]["DTSTART"] == "20220401T010000Z"
    assert events[0]["STATUS"] == "CONFIRMED"
    assert events[1]["STATUS"] == "CANCELLED"
    assert events[1]["LOCATION"] == "R502"


async def test_a_rooms_calendar_and_its_errors(stack: Any) -> None:
    first = await schedule(stack)
    await schedule(stack, room="R502")
    events = parse_ics((await stack.meetings.get("/api/v1/calendars/rooms/R301.ics", headers=STAFF)).text)
    assert [e["UID"].split("@")[0] for e in events] == [first["id"]]
    assert (await stack.meetings.get("/api/v1/calendars/rooms/R999.ics", headers=STAFF)).status_code == 404
    unknown = await stack.meetings.get("/api/v1/calendars/units/XXCB.ics", headers=STAFF)
    assert unknown.status_code == 422
    assert [e["field"] for e in unknown.json()["errors"]] == ["unit"]
    assert (await stack.meetings.get("/api/v1/calendars/rooms/R301.ics")).status_code == 401
    nanning = token(sub="nn", unit="LZCB", roles=("liaison",))
    hidden = parse_ics((await stack.meetings.get("/api/v1/calendars/rooms/R301.ics", headers=nanning)).text)
    assert hidden == []
