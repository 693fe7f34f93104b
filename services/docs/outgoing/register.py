"""The outgoing register (发文登记簿): the documents numbered in a year, as the office keeps them."""

from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select

from services.docs.ledger import labels
from services.docs.ledger.labels import label
from services.docs.models import OutgoingDocument
from services.docs.outgoing import service
from shared import spreadsheet
from shared.auth import Caller
from shared.spreadsheet import Column

COLUMNS = [
    Column("文号", 22), Column("标题", 44), Column("文种", 7), Column("拟稿单位", 14), Column("签发人", 10),
    Column("签发日期", 12, "date"), Column("成文日期", 14), Column("密级", 7), Column("缓急", 7),
    Column("主送", 30), Column("抄送", 30), Column("退回次数", 9, "number"),
    Column("分发时间", 17, "datetime"), Column("分发单位", 30), Column("状态", 9),
]  # fmt: skip


def title(year: int, unit_name: str | None) -> str:
    """2022年发文登记簿, or 2022年发文登记簿（人事处）for one drafting unit."""
    return f"{year}年发文登记簿" + (f"（{unit_name}）" if unit_name else "")


def numbered(caller: Caller, year: int, unit: str | None) -> Select[OutgoingDocument]:
    """The documents given a number (文号) in the year that this caller may see, in number order."""
    query = service.filter_outgoing(service.visible_outgoing(caller), year=year, status=None, unit=unit)
    return query.where(OutgoingDocument.doc_no.is_not(None)).order_by(
        OutgoingDocument.number, OutgoingDocument.id
    )


def row(doc: OutgoingDocument, units: dict[str, str]) -> list[Any]:
    """One document's line: recipients as written (主送 and 抄送: names, codes or groups such as
    各处室) and the registry units the dispatch reached (分发单位: each group's members)."""
    return [
        doc.doc_no, doc.title, label(labels.OUTGOING_KIND, doc.kind),
        units.get(doc.drafting_unit, doc.drafting_unit), doc.signer, doc.signed_at, doc.signed_date,
        label(labels.CLASSIFICATION, doc.classification),
        label(labels.URGENCY, doc.urgency), labels.names(units, doc.main_recipients),
        labels.names(units, doc.cc_recipients), doc.return_count, doc.dispatched_at,
        labels.names(units, doc.recipient_units or []), label(labels.OUTGOING_STATUS, doc.status),
    ]  # fmt: skip


def xlsx(
    documents: list[OutgoingDocument], *, title: str, units: dict[str, str], timezone: ZoneInfo
) -> bytes:
    rows = [row(doc, units) for doc in documents]
    return spreadsheet.office_xlsx(
        sheet="发文登记簿", title=title, columns=COLUMNS, rows=rows, timezone=timezone
    )
