"""Plain RFC 5545 text: CRLF lines folded at 75 octets, TEXT values escaped, times in UTC.

(The `icalendar` package is not a dependency of the project; this writes the little we need.)
"""

from collections.abc import Iterable
from datetime import UTC, datetime

from services.meetings.models import Meeting

PRODID = "-//General Office//meetings//ZH"


def escape(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines escaped."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Folds a content line into pieces of at most 75 octets, never splitting a character."""
    pieces: list[str] = []
    current, size, limit = "", 0, 75
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            pieces.append(current)
            current, size, limit = " ", 1, 75
        current += char
        size += width
    pieces.append(current)
    return "\r\n".join(pieces)


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def event_lines(meeting: Meeting, now: datetime) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{meeting.id}@meetings.office",
        f"DTSTAMP:{stamp(now)}",
        f"DTSTART:{stamp(meeting.start)}",
        f"DTEND:{stamp(meeting.end)}",
        f"SUMMARY:{escape(meeting.title)}",
        f"CATEGORIES:{escape(meeting.kind)}",
        f"STATUS:{'CANCELLED' if meeting.status == 'cancelled' else 'CONFIRMED'}",
        f"X-OFFICE-ORGANIZER-UNIT:{escape(meeting.organizer_unit)}",
    ]
    if meeting.room is not None:
        lines.append(f"LOCATION:{escape(meeting.room)}")
    if meeting.attendees:
        lines.append(f"DESCRIPTION:{escape('参会人员：' + '、'.join(meeting.attendees))}")
    lines.append("END:VEVENT")
    return lines


def calendar(name: str, meetings: Iterable[Meeting], now: datetime) -> str:
    """An iCalendar object with one VEVENT per meeting (cancelled ones as STATUS:CANCELLED)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    lines.append(f"X-WR-CALNAME:{escape(name)}")
    for meeting in meetings:
        lines += event_lines(meeting, now)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
