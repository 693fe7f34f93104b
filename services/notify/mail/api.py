"""Mail routes: the caller's own address for notifications by e-mail."""

from typing import Any

from fastapi import APIRouter

from services.notify.mail import service
from services.notify.mail.schemas import MailAddressRead, MailAddressUpdate
from shared.app import Session
from shared.auth import CurrentCaller
from shared.idempotency import IdempotencyHeader, commit_once

router = APIRouter(tags=["mail"])


@router.get("/mail-address")
async def get_mail_address(session: Session, caller: CurrentCaller) -> MailAddressRead:
    """Where the caller's notifications are mailed (null: not mailed)."""
    return await service.get_address(session=session, caller=caller)


@router.put("/mail-address", response_model=MailAddressRead)
async def put_mail_address(
    payload: MailAddressUpdate,
    session: Session,
    caller: CurrentCaller,
    idempotency_key: IdempotencyHeader = None,
) -> Any:
    """Sets where the caller's notifications are mailed; null stops the mails."""

    async def produce() -> MailAddressRead:
        return await service.set_address(session=session, caller=caller, payload=payload)

    return await commit_once(
        session,
        caller=caller,
        key=idempotency_key,
        route="PUT /mail-address",
        produce=produce,
        status_code=200,
    )
