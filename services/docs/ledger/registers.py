"""Routes of the registers kept beside the incoming ledger: 发文登记簿 and 督办台账, each for a year
and for a unit, as .xlsx (written in a thread: CPU work)."""

import asyncio

from fastapi import APIRouter, Response

from services.docs.audit import service as audit
from services.docs.ledger import common
from services.docs.ledger.common import XLSX_ANSWER, LedgerUnit
from services.docs.outgoing import register
from services.docs.supervision import ledger
from shared.bounds import YearQuery
from shared.command import Ask

router = APIRouter()


@router.get("/ledgers/outgoing", response_class=Response, responses=XLSX_ANSWER, tags=["outgoing"])
async def export_outgoing_ledger(ask: Ask, year: YearQuery, unit: LedgerUnit = None) -> Response:
    """The outgoing register (发文登记簿): the documents numbered in the year that this caller may see,
    or one drafting unit's; 文号, 签发人, 签发日期, 主送, 退回次数…; classified ones are audited."""
    unit_name = common.unit_asked(ask.caller, ask.units, unit)
    documents = list((await ask.session.scalars(register.numbered(ask.caller, year, unit))).all())
    await audit.record_reads(
        ask.session, caller=ask.caller, kind="outgoing", documents=documents, route="GET /ledgers/outgoing"
    )
    await ask.session.commit()
    title = register.title(year, unit_name)
    names = common.unit_names(ask.units)
    content = await asyncio.to_thread(
        register.xlsx, documents, title=title, units=names, timezone=ask.timezone
    )
    return common.xlsx_file(content, title, f"outgoing-{year}.xlsx")


@router.get("/ledgers/supervision", response_class=Response, responses=XLSX_ANSWER, tags=["supervision"])
async def export_supervision_ledger(ask: Ask, year: YearQuery, unit: LedgerUnit = None) -> Response:
    """The supervision ledger (督办台账) of the items assigned in the year: every unit's for the office,
    a unit's own otherwise; progress, urges, and whether each is overdue today."""
    unit_name = common.unit_asked(ask.caller, ask.units, unit)
    today = ask.today()
    items = list((await ask.session.scalars(ledger.items(ask.caller, year, unit, today))).all())
    title = ledger.title(year, unit_name)
    names = common.unit_names(ask.units)
    content = await asyncio.to_thread(
        ledger.xlsx, items, title=title, units=names, today=today, timezone=ask.timezone
    )
    return common.xlsx_file(content, title, f"supervision-{year}.xlsx")
