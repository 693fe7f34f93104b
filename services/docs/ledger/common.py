"""What the office's registers share: the year and unit asked for, who may ask, the file answered."""

from typing import Annotated

from fastapi import Query, Response
from pydantic import BeforeValidator

from shared import spreadsheet
from shared.auth import Caller
from shared.bounds import absent_if_empty
from shared.downloads import attachment, declared
from shared.errors import Forbidden
from shared.text import PRINTABLE
from shared.units import UnitRegistry

LedgerUnit = Annotated[
    str | None,
    Query(
        max_length=20,
        pattern=PRINTABLE,
        description="one unit's register (its code); default every unit seen",
    ),
    BeforeValidator(absent_if_empty),
]
XLSX_ANSWER = declared(spreadsheet.XLSX)


def unit_names(units: UnitRegistry) -> dict[str, str]:
    """Code → name of every unit, as the registers print them."""
    return {unit.code: unit.name for unit in units.units}


def unit_asked(caller: Caller, units: UnitRegistry, unit: str | None) -> str | None:
    """The name of the unit whose register is asked for: a known one (422), the caller's own unless
    the office or an auditor asks (403); None for every unit the caller may see."""
    if unit is None:
        return None
    known = units.require(unit, "unit")
    if not caller.may_see(unit):
        raise Forbidden(f"不能查看其他单位的登记簿 (cannot read the register of unit {unit})")
    return known.name


def xlsx_file(content: bytes, title: str, fallback: str) -> Response:
    """A register's .xlsx, named by its title (2022年收文登记簿.xlsx)."""
    return Response(content, media_type=spreadsheet.XLSX, headers=attachment(f"{title}.xlsx", fallback))
