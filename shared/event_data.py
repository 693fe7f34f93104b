"""An event's data read off the record it tells of: each field from the attribute of its name.

`read_off(TripApproved, trip, at=at)` is the contract's fields, every one taken from the
record (a row, or an answer model) except those given, which the record has not or
names otherwise; the contract decides what is read, so no field is copied by hand.
"""

from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)


def read_off(kind: type[M], record: Any, **given: Any) -> M:
    """The event data of `kind` from the record's attributes of the same names (`given` ones aside)."""
    fields = {name: given[name] if name in given else getattr(record, name) for name in kind.model_fields}
    return kind.model_validate(fields)
