"""The report's layout rules, without a stack: heading levels, where each figure goes and its
number, the two heading styles of the .docx, and a Chinese name for every meeting kind."""

import io
from dataclasses import replace

from docx import Document
from docx.oxml.ns import qn
from docx.text.run import Run

from services.aggregate.report import charts, gongwen, names
from services.aggregate.report.charts import Chart
from services.aggregate.report.layout import heading_level, laid_out
from services.aggregate.report.text import Section
from shared.contracts.meetings import MEETING_KINDS

SECTIONS = [
    Section(key="work", title="一、主要工作措施及成效", paragraphs=[], level=1),
    Section(key="docs", title="（一）办文", paragraphs=["接收来文6件。"]),
    Section(key="problems", title="二、存在问题与不足", paragraphs=["退回修改2次。"], level=1),
]


def east_asian_font(run: Run) -> str | None:
    properties = run._r.rPr
    assert properties is not None and properties.rFonts is not None
    font: str | None = properties.rFonts.get(qn("w:eastAsia"))
    return font


def chart(section: str, caption: str) -> Chart:
    return Chart(caption=caption, form="png", image=b"", section=section)


def test_headings_of_the_first_and_second_level_are_told_apart() -> None:
    assert [heading_level(s) for s in SECTIONS] == [1, 2, 1]


def test_figures_follow_their_section_numbered_in_reading_order() -> None:
    drawn = [chart("problems", "退回"), chart("docs", "收文"), chart("gone", "别处"), chart("docs", "发文")]
    parts, rest = laid_out(SECTIONS, drawn)
    assert [[f.caption for f in part.figures] for part in parts] == [
        [],
        ["图1 收文", "图2 发文"],
        ["图3 退回"],
    ]
    assert [f.caption for f in rest] == ["图4 别处"]


def test_first_level_headings_are_in_heiti_and_second_level_in_kaiti() -> None:
    png = charts.monthly_comparison(2022, (1,) * 12, (0,) * 12, "收文", "png")
    parts, rest = laid_out(SECTIONS, [replace(png, section="docs")])
    document = Document(io.BytesIO(gongwen.document("报告", "办公室", parts, rest)))
    by_text = {p.text: p for p in document.paragraphs}
    for text, style, font, outline in (
        ("一、主要工作措施及成效", "一级标题", "黑体", "0"),
        ("（一）办文", "二级标题", "楷体_GB2312", "1"),
        ("二、存在问题与不足", "一级标题", "黑体", "0"),
    ):
        heading = by_text[text]
        heading_style = heading.style
        assert heading_style is not None
        assert heading_style.name == style
        assert {east_asian_font(r) for r in heading.runs} == {font}
        assert heading_style.element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == outline
    assert "图1 收文" in by_text and len(document.inline_shapes) == 1


def test_every_meeting_kind_has_a_chinese_name_for_the_chart() -> None:
    assert set(names.MEETING_KINDS) == set(MEETING_KINDS)
