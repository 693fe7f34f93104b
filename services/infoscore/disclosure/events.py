"""Events of disclosures and assessments (see shared.contracts.infoscore)."""

from services.infoscore.disclosure.schemas import AssessmentRead
from services.infoscore.models import Disclosure
from shared.auth import Caller
from shared.contracts.base import envelope_for
from shared.contracts.infoscore import AssessmentRecorded, DisclosurePublished
from shared.envelope import Envelope
from shared.event_data import read_off


def disclosure_published(item: Disclosure, caller: Caller) -> Envelope:
    data = read_off(DisclosurePublished, item)
    return envelope_for(data, subject=item.id, unit=None, actor=caller.sub, time=item.recorded_at)


def assessment_recorded(read: AssessmentRead, caller: Caller) -> Envelope:
    data = read_off(AssessmentRecorded, read)
    return envelope_for(data, subject=str(read.year), unit=None, actor=caller.sub, time=read.recorded_at)
