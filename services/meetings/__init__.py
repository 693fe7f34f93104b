"""meetings: Rooms, meetings, attendance, minutes and decisions."""
