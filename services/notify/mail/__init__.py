"""E-mail over SMTP: inbox notifications mailed to units and people with an address."""
