"""Reminders before due dates and on overdue items, scheduled from the events notify consumes."""
