"""What free text the services accept: no control characters (PostgreSQL refuses NUL,
spreadsheets refuse the rest, and no real title or name has one)."""

PRINTABLE = r"^[^\x00-\x1f\x7f]*$"
