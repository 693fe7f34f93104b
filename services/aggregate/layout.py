"""How sums by metric become the statistics the portal reads: one place names every metric."""

from services.aggregate import metrics as M
from services.aggregate.metrics import Metric, Prefix
from services.aggregate.schemas import (
    Compared,
    DocsStats,
    FormatStats,
    InfoscoreStats,
    MeetingsStats,
    PartyInfo,
    ReceivedStats,
    SentStats,
    SourceStats,
    SupervisionStats,
    YearStats,
)
from shared.percent import percent

LEVELS = ("national", "provincial", "department")
SUPERVISION_SOURCES = ("instruction", "meeting", "document", "rectification", "public_opinion")
Sums = dict[tuple[str, int], int]
"""Figures by (metric, year)."""


class Figures:
    """Sums and settings of a year and the year before, read by metric name."""

    def __init__(self, year: int, sums: Sums, settings: Sums) -> None:
        self.year = year
        self.sums = sums
        self.settings = settings

    def n(self, metric: Metric, year: int | None = None) -> int:
        return self.sums.get((metric, year or self.year), 0)

    def c(self, metric: Metric) -> Compared:
        return Compared.of(self.n(metric), self.n(metric, self.year - 1))

    def setting(self, metric: Metric, year: int | None = None) -> int | None:
        return self.settings.get((metric, year or self.year))

    def prefixed(self, prefix: Prefix) -> dict[str, int]:
        return {
            m[len(prefix) :]: v for (m, y), v in self.sums.items() if y == self.year and m.startswith(prefix)
        }


def compose(year: int, unit: str | None, sums: Sums, settings: Sums) -> YearStats:
    figures = Figures(year, sums, settings)
    return YearStats(
        year=year,
        unit=unit,
        docs=docs_stats(figures),
        meetings=meetings_stats(figures),
        infoscore=infoscore_stats(figures),
        logistics=figures.prefixed(M.LOGISTICS),
        notify=figures.prefixed(M.NOTIFY),
    )


def docs_stats(f: Figures) -> DocsStats:
    received = ReceivedStats(total=f.c(M.RECEIVED_TOTAL), **{p: f.c(M.received(p)) for p in M.RECEIVED_PARTS})
    return DocsStats(
        received=received,
        sent=SentStats(total=f.c(M.SENT_TOTAL)),
        returned=f.n(M.RETURNED),
        returned_documents=f.n(M.RETURNED_DOCUMENTS),
        returned_upward=f.n(M.RETURNED_UPWARD),
        submitted=f.n(M.SUBMITTED),
        materials=f.n(M.MATERIALS),
        regulations=f.n(M.REGULATIONS),
        format=FormatStats(
            checks=f.n(M.FORMAT_CHECKS),
            findings=f.n(M.FORMAT_FINDINGS),
            by_field=f.prefixed(M.FORMAT_FIELD),
        ),
        supervision=SupervisionStats(
            created=f.n(M.SUPERVISION_CREATED),
            completed=f.n(M.SUPERVISION_COMPLETED),
            overdue=f.n(M.SUPERVISION_OVERDUE),
            by_source={
                source: SourceStats(
                    created=f.n(M.supervision_source(source, "created")),
                    completed=f.n(M.supervision_source(source, "completed")),
                )
                for source in SUPERVISION_SOURCES
            },
        ),
    )


def meetings_stats(f: Figures) -> MeetingsStats:
    groups = {g: f.n(metric) for g, metric in M.MEETING_GROUPS.items()}
    people = f.n(M.REMINDER_TALK_PEOPLE)
    return MeetingsStats(**groups, reminder_talk_people=people, by_kind=f.prefixed(M.MEETING_KIND))


def party_info(f: Figures, year: int) -> PartyInfo:
    """党委信息 of a year: its target, what was submitted, the percentage done."""
    target = f.setting(M.TARGET_PARTY, year) or 0
    done = f.n(M.INFO_PARTY_SUBMITTED, year)
    return PartyInfo(target=target, done=done, pct=percent(done, target))


def infoscore_stats(f: Figures) -> InfoscoreStats:
    return InfoscoreStats(
        submitted=f.n(M.INFO_SUBMITTED),
        adopted=f.n(M.INFO_ADOPTED),
        points=f.n(M.INFO_POINTS),
        points_prev=f.n(M.INFO_POINTS, f.year - 1),
        points_by_level={level: f.n(M.points_at(level)) for level in LEVELS},
        target_points=f.setting(M.TARGET_POINTS) or 0,
        region_rank=f.setting(M.REGION_RANK),
        region_rank_prev=f.setting(M.REGION_RANK, f.year - 1),
        party_info=party_info(f, f.year),
        party_info_prev=party_info(f, f.year - 1),
        disclosures=f.n(M.INFO_DISCLOSURES),
    )
