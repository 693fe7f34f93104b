"""The notice as a document a person reads: markdown, or an `.xlsx` sheet (shared.spreadsheet)."""

from typing import Any, Literal

from fastapi import Response

from services.infoscore.models import Notice
from shared import spreadsheet
from shared.downloads import attachment

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


def answer(notice: Notice, format: Literal["markdown", "xlsx"]) -> Response:
    """The notice answered as markdown, or as an Excel sheet to download."""
    if format == "xlsx":
        headers = attachment(f"{notice.title}.xlsx", f"notice-{notice.year}-{notice.month:02d}.xlsx")
        return Response(xlsx(notice), media_type=spreadsheet.XLSX, headers=headers)
    return Response(markdown(notice), media_type="text/markdown; charset=utf-8")
