"""A unit's and a room's calendar as .ics (RFC 5545), read back as a calendar application reads
it: with the `icalendar` library, and a series expanded by `recurring_ical_events`."""

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import recurring_ical_events
from icalendar import Calendar, Event, vDDDLists, vDDDTypes, vRecur

from tests.integration.meetings.helpers import STAFF, act, meeting, schedule
from tests.support import file_name, token

OFFICE = ZoneInfo("Asia/Shanghai")
NANNING = token(sub="nn", unit="NNCB", roles=("liaison",))


def read(answer: Any) -> Calendar:
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/calendar")
    assert all(len(line) <= 75 for line in answer.content.split(b"\r\n"))
    return Calendar.from_ical(answer.content)


def events(calendar: Calendar) -> list[Event]:
    return calendar.events


def uid(event: Event) -> str:
    return str(event["UID"]).split("@")[0]


async def weekly_series(stack: Any, **rule: Any) -> dict[str, Any]:
    body = meeting(title="每周一调度会", start="2022-03-07T08:30:00+08:00", end="2022-03-07T09:30:00+08:00")
    body["recurrence"] = {"freq": "weekly", **rule}
    answer = await stack.meetings.post("/api/v1/series", json=body, headers=STAFF)
    assert answer.status_code == 201, answer.text
    return answer.json()  # type: ignore[no-any-return]


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
    calendar = read(answer)
    assert file_name(answer) == "安全监管处会议日程.ics"  # SAF by its name in the unit registry
    first, second = events(calendar)
    assert [uid(first), uid(second)] == [organised["id"], attended["id"]]
    assert first["SUMMARY"] == "安全生产会议;第一次, 专题"
    assert first.start == datetime(2022, 4, 1, 9, tzinfo=OFFICE)
    assert first["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    assert first["STATUS"] == "CONFIRMED" and first["SEQUENCE"] == 0
    assert second["STATUS"] == "CANCELLED" and second["SEQUENCE"] == 1
    assert second["LOCATION"] == "R502会议室"  # the room's name, not its code
    assert second["DESCRIPTION"] == "参会人员：" + "张" * 40


async def test_a_series_is_one_rule_with_its_exceptions_and_its_cancelled_occurrence(stack: Any) -> None:
    created = await weekly_series(stack, count=6, exceptions=["2022-03-21"])
    cancelled = created["occurrences"][2]  # 2022-03-28
    await act(stack, cancelled["id"], "cancel")
    answer = await stack.meetings.get("/api/v1/calendars/rooms/R301.ics", headers=STAFF)
    assert file_name(answer) == "R301会议室会议日程.ics"  # the room's name, as the room list shows it
    calendar = read(answer)
    master, override = events(calendar)
    assert uid(master) == uid(override) == created["id"]
    assert master["RRULE"].to_ical() == b"FREQ=WEEKLY;COUNT=6;INTERVAL=1;WKST=MO"
    exdate, recurrence_id = master["EXDATE"], override["RECURRENCE-ID"]
    assert isinstance(exdate, vDDDLists) and isinstance(recurrence_id, vDDDTypes)
    assert [d.dt for d in exdate.dts] == [datetime(2022, 3, 21, 8, 30, tzinfo=OFFICE)]
    assert recurrence_id.dt == datetime(2022, 3, 28, 8, 30, tzinfo=OFFICE)
    assert override["STATUS"] == "CANCELLED" and override["SEQUENCE"] == 1

    held = recurring_ical_events.of(calendar).between(date(2022, 1, 1), date(2023, 1, 1))
    shown = {e.start: str(e["STATUS"]) for e in held}
    listed = {datetime.fromisoformat(o["start"]): o for o in created["occurrences"]}
    assert set(shown) == set(listed)  # the application expands the rule to the very occurrences
    assert [s for s, status in shown.items() if status == "CANCELLED"] == [
        datetime(2022, 3, 28, 8, 30, tzinfo=OFFICE)
    ]


async def test_a_series_until_a_day_on_several_weekdays(stack: Any) -> None:
    created = await weekly_series(stack, interval=2, weekdays=["MO", "TH"], until="2022-03-31")
    calendar = read(await stack.meetings.get("/api/v1/calendars/units/GO.ics", headers=STAFF))
    (master,) = events(calendar)
    rrule = master["RRULE"]
    assert isinstance(rrule, vRecur)
    assert rrule["BYDAY"] == ["MO", "TH"] and rrule["INTERVAL"] == [2]
    held = recurring_ical_events.of(calendar).between(date(2022, 1, 1), date(2023, 1, 1))
    assert sorted(e.start for e in held) == [
        datetime.fromisoformat(o["start"]) for o in created["occurrences"]
    ]


async def test_a_rooms_calendar_and_its_errors(stack: Any) -> None:
    first = await schedule(stack)
    await schedule(stack, room="R502")
    calendar = read(await stack.meetings.get("/api/v1/calendars/rooms/R301.ics", headers=STAFF))
    assert [uid(e) for e in events(calendar)] == [first["id"]]
    assert (await stack.meetings.get("/api/v1/calendars/rooms/R999.ics", headers=STAFF)).status_code == 404
    unknown = await stack.meetings.get("/api/v1/calendars/units/XXCB.ics", headers=STAFF)
    assert unknown.status_code == 422
    assert [e["field"] for e in unknown.json()["errors"]] == ["unit"]
    assert (await stack.meetings.get("/api/v1/calendars/rooms/R301.ics")).status_code == 401
    liuzhou = token(sub="lz", unit="LZCB", roles=("liaison",))
    hidden = read(await stack.meetings.get("/api/v1/calendars/rooms/R301.ics", headers=liuzhou))
    assert events(hidden) == []


async def test_a_secret_address_serves_the_calendar_without_a_token_until_revoked(stack: Any) -> None:
    seen = await schedule(stack, attendee_units=["NNCB"])
    await schedule(stack, room="R502", attendee_units=["SAF"])  # not Nanning's to see
    made = await stack.meetings.post(
        "/api/v1/calendars/subscriptions", json={"feed": "room", "code": "R301"}, headers=NANNING
    )
    assert made.status_code == 201, made.text
    url = made.json()["url"]
    assert url.startswith("http://test/api/v1/calendars/feeds/") and url.endswith(".ics")
    calendar = read(await stack.meetings.get(url))  # no Authorization header: a calendar application
    assert [uid(e) for e in events(calendar)] == [seen["id"]]

    mine = await stack.meetings.get("/api/v1/calendars/subscriptions", headers=NANNING)
    assert [s["id"] for s in mine.json()["items"]] == [made.json()["id"]]
    assert "url" not in mine.json()["items"][0]  # the secret is shown once
    others = await stack.meetings.get("/api/v1/calendars/subscriptions", headers=STAFF)
    assert others.json()["items"] == []
    gone = f"/api/v1/calendars/subscriptions/{made.json()['id']}"
    assert (await stack.meetings.delete(gone, headers=STAFF)).status_code == 404  # not the owner's
    assert (await stack.meetings.delete(gone, headers=NANNING)).status_code == 204
    assert (await stack.meetings.get(url)).status_code == 404
    forged = url.rsplit("/", 1)[0] + "/" + "A" * 43 + ".ics"
    assert (await stack.meetings.get(forged)).status_code == 404


async def test_a_subscription_needs_a_token_and_a_known_feed(stack: Any) -> None:
    path = "/api/v1/calendars/subscriptions"
    assert (await stack.meetings.post(path, json={"feed": "room", "code": "R301"})).status_code == 401
    for body, status in (({"feed": "room", "code": "R999"}, 404), ({"feed": "unit", "code": "XXCB"}, 422)):
        assert (await stack.meetings.post(path, json=body, headers=STAFF)).status_code == status, body
    for body in ({"feed": "person", "code": "GO"}, {"feed": "unit", "code": ""}, {"feed": "unit"}):
        assert (await stack.meetings.post(path, json=body, headers=STAFF)).status_code == 422
    assert (await stack.meetings.get("/api/v1/calendars/feeds/short.ics")).status_code == 422
    assert (await stack.meetings.get(path, headers=STAFF)).json()["items"] == []


async def test_a_monthly_series_skips_months_without_its_day_in_the_calendar_too(stack: Any) -> None:
    body = meeting(kind="theme_party_day", room=None, start="2022-01-31T15:00:00+08:00")
    body.update(end="2022-01-31T17:00:00+08:00", recurrence={"freq": "monthly", "count": 4})
    created = (await stack.meetings.post("/api/v1/series", json=body, headers=STAFF)).json()
    calendar = read(await stack.meetings.get("/api/v1/calendars/units/GO.ics", headers=STAFF))
    held = recurring_ical_events.of(calendar).between(date(2022, 1, 1), date(2023, 1, 1))
    assert sorted(e.start for e in held) == [
        datetime.fromisoformat(o["start"]) for o in created["occurrences"]
    ]
    assert [e.start.month for e in sorted(held, key=lambda e: e.start)] == [1, 3, 5, 7]
