"""Events of submissions and adoptions (see shared.contracts.infoscore)."""

from services.infoscore.models import Adoption, Submission
from shared.auth import Caller
from shared.contracts.base import envelope_for
from shared.contracts.infoscore import AdoptionRecorded, AdoptionWithdrawn, SubmissionReceived
from shared.envelope import Envelope


def submission_received(item: Submission, caller: Caller) -> Envelope:
    data = SubmissionReceived(
        id=item.id,
        unit=item.unit,
        category=item.category,
        title=item.title,
        submitted_at=item.submitted_at,
        year=item.year,
        month=item.month,
    )
    return envelope_for(data, subject=item.id, unit=item.unit, actor=caller.sub, time=item.recorded_at)


def adoption_recorded(adoption: Adoption, caller: Caller) -> Envelope:
    data = AdoptionRecorded(
        id=adoption.id,
        submission_id=adoption.submission_id,
        unit=adoption.unit,
        category=adoption.category,
        level=adoption.level,
        outlet=adoption.outlet,
        instruction=adoption.instruction,
        points=adoption.points,
        adopted_at=adoption.adopted_at,
        year=adoption.year,
        month=adoption.month,
    )
    return envelope_for(
        data, subject=adoption.id, unit=adoption.unit, actor=caller.sub, time=adoption.recorded_at
    )


def adoption_withdrawn(adoption: Adoption, caller: Caller) -> Envelope:
    assert adoption.withdrawn_at is not None and adoption.withdrawn_reason is not None
    data = AdoptionWithdrawn(
        id=adoption.id,
        submission_id=adoption.submission_id,
        unit=adoption.unit,
        category=adoption.category,
        level=adoption.level,
        points=adoption.points,
        adopted_at=adoption.adopted_at,
        year=adoption.year,
        month=adoption.month,
        reason=adoption.withdrawn_reason,
        withdrawn_at=adoption.withdrawn_at,
    )
    return envelope_for(
        data, subject=adoption.id, unit=adoption.unit, actor=caller.sub, time=adoption.withdrawn_at
    )
