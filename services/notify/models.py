"""Tables of the notify service (the spine tables come with every service)."""

from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass
