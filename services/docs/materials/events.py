"""Events of comprehensive materials (shared.contracts.docs)."""

from services.docs.models import Material
from shared.auth import Caller
from shared.contracts.base import envelope_for
from shared.contracts.docs import MaterialRecorded
from shared.envelope import Envelope


def recorded(material: Material, caller: Caller) -> Envelope:
    data = MaterialRecorded(
        id=material.id,
        kind=material.kind,
        title=material.title,
        unit=material.unit,
        completed_at=material.completed_at,
    )
    return envelope_for(
        data, subject=material.id, unit=material.unit, actor=caller.sub, time=material.recorded_at
    )
