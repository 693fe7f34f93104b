"""Calendars: a unit's or a room's meetings as an iCalendar (.ics, RFC 5545) file."""
