"""The whole summary in the seed's order, and its 93 placeholders beside the text."""

from services.aggregate.report import party, performance, problems, text
from services.aggregate.report.data import ReportData
from services.aggregate.report.placeholders import Placeholder, Writer
from services.aggregate.report.text import Section

MEASURES = (
    text.documents,
    text.meetings,
    text.logistics,
    text.information,
    text.disclosure,
    text.website,
    performance.performance,
    party.party_building,
    party.integrity,
    party.organs,
)


def compose(d: ReportData) -> tuple[list[Section], list[Placeholder]]:
    """一、主要工作措施及成效 （一）–（十）, 二、存在问题与不足, 三、下一步工作计划."""
    w = Writer()
    sections = [
        text.preface(d),
        Section(key="measures", title="一、主要工作措施及成效", paragraphs=[], level=1),
    ]
    sections += [make(w, d) for make in MEASURES]
    sections += problems.problems(w, d) + problems.plans(w, d)
    return sections, w.all()


def title(d: ReportData) -> str:
    if d.voice.is_unit:
        return f"{d.voice.name}{d.year}年工作总结"
    return f"{d.voice.name or ''}办公室{d.year}年工作总结"
