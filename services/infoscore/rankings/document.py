"""The notice as a document a person reads: markdown, or an `.xlsx` sheet (shared.spreadsheet)."""

from typing import Any

from services.infoscore.models import Notice
from shared import spreadsheet

HEADER = ["排名", "单位代码", "单位", "报送", "采用", "得分", "目标得分", "完成率(%)"]


def cells(row: dict[str, Any]) -> list[Any]:
    target = row["target"] or {}
    done = row["completion"]["points"]
    return [
        row["rank"],
        row["unit"],
        row["name"],
        row["submitted"],
        row["adopted"],
        row["points"],
        target.get("points", "—"),
        "—" if done is None else done,
    ]


def markdown(notice: Notice) -> str:
    lines = [
        f"# {notice.title}",
        "",
        f"现将{notice.year}年{notice.month}月各单位政务信息报送、采用及得分情况通报如下。",
        "",
        "| " + " | ".join(HEADER) + " |",
        "|" + "---|" * len(HEADER),
    ]
    lines += ["| " + " | ".join(str(c) for c in cells(row)) + " |" for row in notice.rows]
    if not notice.rows:
        lines.append("| " + " | ".join(["—"] * len(HEADER)) + " |")
    return "\n".join(lines) + "\n"


def xlsx(notice: Notice) -> bytes:
    rows = [[notice.title], HEADER, *(cells(row) for row in notice.rows)]
    return spreadsheet.xlsx(f"{notice.year}-{notice.month:02d}", rows)
