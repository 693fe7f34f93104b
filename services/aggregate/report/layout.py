"""The report as printed: heading levels, and each chart numbered after the section it illustrates."""

from dataclasses import dataclass

from services.aggregate.report.charts import Chart
from services.aggregate.report.text import Section


def heading_level(section: Section) -> int:
    """1 for "一、…", 2 for "（一）…", 0 for the opening paragraph, which has no heading."""
    return section.level


@dataclass(frozen=True)
class Figure:
    number: int
    chart: Chart

    @property
    def caption(self) -> str:
        return f"图{self.number} {self.chart.caption}"


@dataclass(frozen=True)
class Part:
    """A section as printed: its heading level and the figures after its paragraphs."""

    section: Section
    level: int
    figures: list[Figure]


def laid_out(sections: list[Section], charts: list[Chart]) -> tuple[list[Part], list[Figure]]:
    """Each chart after the section it illustrates, numbered in reading order; the rest at the end."""
    keys = {section.key for section in sections}
    parts, number = [], 0
    for section in sections:
        figures = []
        for chart in (c for c in charts if c.section == section.key):
            number += 1
            figures.append(Figure(number, chart))
        parts.append(Part(section, heading_level(section), figures))
    rest = [Figure(number + i, c) for i, c in enumerate((c for c in charts if c.section not in keys), 1)]
    return parts, rest
