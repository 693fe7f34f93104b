"""Mail routes: the caller's own address for notifications by e-mail, and the operator's queue."""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from services.notify.mail import service
from services.notify.mail.models import MailMessage
from services.notify.mail.schemas import MailAddressRead, MailAddressUpdate, MailRead, MailStatus
from shared.command import Ask, Cmd
from shared.pagination import Page, Paging

router = APIRouter(tags=["mail"])

MailId = Annotated[int, Path(ge=1, le=2**63 - 1)]


@router.get("/mail-address")
async def get_mail_address(ask: Ask) -> MailAddressRead:
    """Where the caller's notifications are mailed (null: not mailed)."""
    return await service.get_address(session=ask.session, caller=ask.caller)


@router.put("/mail-address", response_model=MailAddressRead)
async def put_mail_address(payload: MailAddressUpdate, cmd: Cmd) -> Any:
    """Sets where the caller's notifications are mailed; null stops the mails."""
    return await cmd.answer(service.set_address(cmd, payload), MailAddressRead)


@router.get("/admin/mails", tags=["admin"])
async def list_mails(
    ask: Ask, paging: Paging, status: Annotated[MailStatus | None, Query(description="default: all")] = None
) -> Page[MailRead]:
    """The mail queue, oldest first (admin); `?status=dead` lists the mails given up."""
    query = service.queued_mails(caller=ask.caller, status=status)
    return await ask.page(query, key=MailMessage.id, read=MailRead, paging=paging)


@router.post("/admin/mails/{mail_id}/retry", tags=["admin"], response_model=MailRead)
async def retry_mail(mail_id: MailId, cmd: Cmd) -> Any:
    """Sends a dead mail again (admin): back to pending, due now, with a fresh count of tries."""
    return await cmd.answer(service.retry_mail(cmd, mail_id), MailRead)
