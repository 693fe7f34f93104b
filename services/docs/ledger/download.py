"""The export of a year's incoming ledger (收文登记簿): what the caller may see, audited, as a file."""

import asyncio

from services.docs import service
from services.docs.audit import service as audit
from services.docs.ledger import common
from services.docs.ledger import service as ledger
from services.docs.models import IncomingDocument
from shared.command import Inquiry


async def year_ledger(ask: Inquiry, year: int, unit: str | None, format: str) -> tuple[bytes, str]:
    """The year's ledger as .xlsx or CSV (`format`): what this caller may see, or one unit's
    (registered, led or assisted by it); each classified document read is audited. Answers the
    file and its title."""
    unit_name = common.unit_asked(ask.caller, ask.units, unit)
    visible = service.visible_incoming(ask.caller).where(IncomingDocument.year == year)
    query = service.filter_incoming(visible, year=year, status=None, channel=None, unit=unit)
    documents = list((await ask.session.scalars(query.order_by(IncomingDocument.id))).all())
    route = "GET /ledgers/incoming"
    await audit.record_reads(
        ask.session, caller=ask.caller, kind="incoming", documents=documents, route=route
    )
    await ask.session.commit()
    title = ledger.title(year, unit_name)
    content = await asyncio.to_thread(  # CPU work: a second for the largest ledger, off the event loop
        ledger.export,
        documents,
        format,
        title=title,
        units=common.unit_names(ask.units),
        timezone=ask.timezone,
    )
    return content, title
