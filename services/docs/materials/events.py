"""Events of comprehensive materials (shared.contracts.docs)."""

from services.docs.models import Material
from shared.auth import Caller
from shared.contracts.base import envelope_for
from shared.contracts.docs import MaterialRecorded
from shared.envelope import Envelope
from shared.event_data import read_off


def recorded(material: Material, caller: Caller) -> Envelope:
    data = read_off(MaterialRecorded, material)
    return envelope_for(
        data, subject=material.id, unit=material.unit, actor=caller.sub, time=material.recorded_at
    )
