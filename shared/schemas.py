"""The two kinds of model a route speaks: a request body, and an answer read off a row."""

from pydantic import BaseModel, ConfigDict


class RequestModel(BaseModel):
    """A request body: a field the model does not name is refused (422), not ignored."""

    model_config = ConfigDict(extra="forbid")


class ReadModel(BaseModel):
    """An answer read off a table row (or any object with the same attributes)."""

    model_config = ConfigDict(from_attributes=True)
