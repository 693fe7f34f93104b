"""The report in four forms: JSON for the portal, Markdown, HTML with SVG charts, .docx with PNGs."""

import io
from pathlib import Path

from docx import Document
from docx.shared import Cm
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import BaseModel

from services.aggregate.report.charts import Chart
from services.aggregate.report.placeholders import Placeholder
from services.aggregate.report.text import Section
from services.aggregate.schemas import YearStats

TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=select_autoescape(["html"])
)


class AnnualReport(BaseModel):
    title: str
    year: int
    unit: str | None
    sections: list[Section]
    placeholders: list[Placeholder]
    figures: YearStats


def markdown(report: AnnualReport) -> str:
    lines = [f"# {report.title}", ""]
    for section in report.sections:
        if section.title:
            lines += [f"{'#' * (section.level + 1)} {section.title}", ""]
        for paragraph in section.paragraphs:
            lines += [paragraph, ""]
    return "\n".join(lines)


def html(report: AnnualReport, charts: list[Chart]) -> str:
    return TEMPLATES.get_template("annual.html.j2").render(report=report, charts=charts)


def docx(report: AnnualReport, charts: list[Chart]) -> bytes:
    document = Document()
    document.add_heading(report.title, level=0)
    for section in report.sections:
        if section.title:
            document.add_heading(section.title, level=section.level)
        for paragraph in section.paragraphs:
            document.add_paragraph(paragraph)
    if charts:
        document.add_heading("附图", level=1)
    for chart in charts:
        document.add_picture(io.BytesIO(chart.image), width=Cm(15))
        document.add_paragraph(chart.caption)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
