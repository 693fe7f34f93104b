"""The report in four forms: JSON for the portal, Markdown, HTML with SVG charts, .docx with PNGs."""

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import BaseModel, Field

from services.aggregate.report import gongwen
from services.aggregate.report.charts import Chart
from services.aggregate.report.layout import heading_level, laid_out
from services.aggregate.report.placeholders import Placeholder
from services.aggregate.report.text import Section
from services.aggregate.schemas import YearStats

TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=select_autoescape(["html"])
)
OFFICE = "办公室"


class AnnualReport(BaseModel):
    title: str
    year: int
    unit: str | None
    issuer: str = Field(
        OFFICE, description="who files it: the .docx author (the unit's name, else the office's)"
    )
    sections: list[Section]
    placeholders: list[Placeholder]
    figures: YearStats


def markdown(report: AnnualReport) -> str:
    lines = [f"# {report.title}", ""]
    for section in report.sections:
        if section.title:
            lines += [f"{'#' * (heading_level(section) + 1)} {section.title}", ""]
        for paragraph in section.paragraphs:
            lines += [paragraph, ""]
    return "\n".join(lines)


def html(report: AnnualReport, charts: list[Chart]) -> str:
    parts, rest = laid_out(report.sections, charts)
    return TEMPLATES.get_template("annual.html.j2").render(report=report, parts=parts, rest=rest)


def docx(report: AnnualReport, charts: list[Chart]) -> bytes:
    parts, rest = laid_out(report.sections, charts)
    return gongwen.document(report.title, report.issuer, parts, rest)
