"""Events of disclosures and assessments (see shared.contracts.infoscore)."""

from services.infoscore.disclosure.schemas import AssessmentRead
from services.infoscore.models import Disclosure
from shared.auth import Caller
from shared.contracts.base import envelope_for
from shared.contracts.infoscore import AssessmentRecorded, DisclosurePublished
from shared.envelope import Envelope


def disclosure_published(item: Disclosure, caller: Caller) -> Envelope:
    data = DisclosurePublished(
        id=item.id,
        title=item.title,
        category=item.category,
        published_at=item.published_at,
        year=item.year,
        month=item.month,
    )
    return envelope_for(data, subject=item.id, unit=None, actor=caller.sub, time=item.recorded_at)


def assessment_recorded(read: AssessmentRead, caller: Caller) -> Envelope:
    data = AssessmentRecorded(
        year=read.year,
        rank=read.rank,
        points=read.points,
        rank_prev=read.rank_prev,
        points_prev=read.points_prev,
        rank_change=read.rank_change,
    )
    return envelope_for(data, subject=str(read.year), unit=None, actor=caller.sub, time=read.recorded_at)
