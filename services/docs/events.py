"""What the docs service publishes (see shared.contracts.docs) and consumes (nothing yet)."""

from services.docs.models import IncomingDocument
from shared.auth import Caller
from shared.consumer import ConsumerSpec
from shared.contracts import IncomingRegistered, envelope_for
from shared.envelope import Envelope


def incoming_registered(doc: IncomingDocument, caller: Caller) -> Envelope:
    data = IncomingRegistered(
        id=doc.id,
        reg_no=doc.reg_no,
        title=None if doc.classification != "none" else doc.title,
        source_org=doc.source_org,
        source_ref=doc.source_ref,
        channel=doc.channel,
        classification=doc.classification,
        urgency=doc.urgency,
        received_at=doc.received_at,
        unit=doc.unit,
    )
    return envelope_for(data, subject=doc.id, unit=doc.unit, actor=caller.sub, time=doc.registered_at)


def consumers() -> list[ConsumerSpec]:
    return []
