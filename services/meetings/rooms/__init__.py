"""Rooms: the office's meeting rooms, booking without overlap, and free-room search."""
