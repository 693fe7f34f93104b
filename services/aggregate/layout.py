"""How sums by metric become CONTRACT.md's statistics: one place names every metric."""

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
from shared.meeting_groups import MEETING_GROUPS

RECEIVED_PARTS = ("oa", "intranet", "paper_email", "classified")
LEVELS = ("national", "provincial", "department")
SUPERVISION_SOURCES = ("instruction", "meeting", "document", "rectification", "public_opinion")
Sums = dict[tuple[str, int], int]


class Figures:
    """Sums and settings of a year and the year before, read by metric name."""

    def __init__(self, year: int, sums: Sums, settings: Sums) -> None:
        self.year = year
        self.sums = sums
        self.settings = settings

    def n(self, metric: str, year: int | None = None) -> int:
        return self.sums.get((metric, year or self.year), 0)

    def c(self, metric: str) -> Compared:
        return Compared.of(self.n(metric), self.n(metric, self.year - 1))

    def setting(self, metric: str, year: int | None = None) -> int | None:
        return self.settings.get((metric, year or self.year))

    def prefixed(self, prefix: str) -> dict[str, int]:
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
        logistics=figures.prefixed("logistics."),
        notify=figures.prefixed("notify."),
    )


def docs_stats(f: Figures) -> DocsStats:
    received = ReceivedStats(
        total=f.c("docs.received.total"), **{p: f.c(f"docs.received.{p}") for p in RECEIVED_PARTS}
    )
    return DocsStats(
        received=received,
        sent=SentStats(total=f.c("docs.sent.total")),
        returned=f.n("docs.returned"),
        returned_documents=f.n("docs.returned.documents"),
        returned_upward=f.n("docs.returned.upward"),
        submitted=f.n("docs.submitted"),
        materials=f.n("docs.materials"),
        regulations=f.n("docs.regulations"),
        format=FormatStats(
            checks=f.n("docs.format.checks"),
            findings=f.n("docs.format.findings"),
            by_field=f.prefixed("docs.format.field."),
        ),
        supervision=SupervisionStats(
            created=f.n("docs.supervision.created"),
            completed=f.n("docs.supervision.completed"),
            overdue=f.n("docs.supervision.overdue"),
            by_source={
                source: SourceStats(
                    created=f.n(f"docs.supervision.source.{source}.created"),
                    completed=f.n(f"docs.supervision.source.{source}.completed"),
                )
                for source in SUPERVISION_SOURCES
            },
        ),
    )


def meetings_stats(f: Figures) -> MeetingsStats:
    groups = {g: f.n(f"meetings.{g}") for g in MEETING_GROUPS}
    people = f.n("meetings.reminder_talk.people")
    return MeetingsStats(**groups, reminder_talk_people=people, by_kind=f.prefixed("meetings.kind."))


def party_info(f: Figures, year: int) -> PartyInfo:
    """党委信息 of a year: its target, what was submitted, the percentage done."""
    target = f.setting("infoscore.target.party", year) or 0
    done = f.n("infoscore.party.submitted", year)
    return PartyInfo(target=target, done=done, pct=round(done * 100 / target, 1) if target else None)


def infoscore_stats(f: Figures) -> InfoscoreStats:
    return InfoscoreStats(
        submitted=f.n("infoscore.submitted"),
        adopted=f.n("infoscore.adopted"),
        points=f.n("infoscore.points"),
        points_prev=f.n("infoscore.points", f.year - 1),
        points_by_level={level: f.n(f"infoscore.points.{level}") for level in LEVELS},
        target_points=f.setting("infoscore.target.points") or 0,
        region_rank=f.setting("infoscore.region_rank"),
        region_rank_prev=f.setting("infoscore.region_rank", f.year - 1),
        party_info=party_info(f, f.year),
        party_info_prev=party_info(f, f.year - 1),
        disclosures=f.n("infoscore.disclosures"),
    )
