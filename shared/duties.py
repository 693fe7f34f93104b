"""Separation of duties (职责分离): the person who did one step of a record may not approve it.

One rule for every service; `OFFICE_SEPARATION_OF_DUTIES=false` relaxes it for an office of
one person (an admin setting, read from the service's settings).
"""

from typing import Annotated

from fastapi import Depends, Request

from shared.auth import Caller
from shared.errors import Conflict

RELAX_HINT = "一人办公室可由管理员设置 OFFICE_SEPARATION_OF_DUTIES=false 放宽"


async def enforced(request: Request) -> bool:
    """Whether the running service enforces separation of duties."""
    return bool(request.app.state.settings.separation_of_duties)


SeparationOfDuties = Annotated[bool, Depends(enforced)]


def require_other_person(
    caller: Caller, actor: str | None, *, rule: str, message: str, enforced: bool
) -> None:
    """409 naming the rule when the caller is the person (`actor`) who did the earlier step."""
    if enforced and actor is not None and actor == caller.sub:
        raise Conflict(f"职责分离：{message}（{RELAX_HINT}） (separation of duties: {rule})", rule=rule)
