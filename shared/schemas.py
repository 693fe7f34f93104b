"""The two kinds of model a route speaks, a request body and an answer read off a row, and how
a record becomes an answer (`reader`, for a command's answer and a page alike)."""

from collections.abc import Callable
from typing import Any, cast

from pydantic import BaseModel, ConfigDict


class RequestModel(BaseModel):
    """A request body: a field the model does not name is refused (422), not ignored."""

    model_config = ConfigDict(extra="forbid")


class ReadModel(BaseModel):
    """An answer read off a table row (or any object with the same attributes)."""

    model_config = ConfigDict(from_attributes=True)


def reader(read: type[BaseModel] | Callable[[Any], Any]) -> Callable[[Any], Any]:
    """How a record becomes an answer: an answer model's `model_validate`, or the function itself."""
    if isinstance(read, type) and issubclass(read, BaseModel):
        return read.model_validate
    return cast(Callable[[Any], Any], read)
