"""Events of submissions and adoptions (see shared.contracts.infoscore)."""

from services.infoscore.models import Adoption, Submission
from shared.auth import Caller
from shared.contracts.base import envelope_for
from shared.contracts.infoscore import AdoptionRecorded, AdoptionWithdrawn, SubmissionReceived
from shared.envelope import Envelope
from shared.event_data import read_off


def submission_received(item: Submission, caller: Caller) -> Envelope:
    data = read_off(SubmissionReceived, item)
    return envelope_for(data, subject=item.id, unit=item.unit, actor=caller.sub, time=item.recorded_at)


def adoption_recorded(adoption: Adoption, caller: Caller) -> Envelope:
    data = read_off(AdoptionRecorded, adoption)
    return envelope_for(
        data, subject=adoption.id, unit=adoption.unit, actor=caller.sub, time=adoption.recorded_at
    )


def adoption_withdrawn(adoption: Adoption, caller: Caller) -> Envelope:
    assert adoption.withdrawn_at is not None and adoption.withdrawn_reason is not None
    data = read_off(AdoptionWithdrawn, adoption, reason=adoption.withdrawn_reason)
    return envelope_for(
        data, subject=adoption.id, unit=adoption.unit, actor=caller.sub, time=adoption.withdrawn_at
    )
