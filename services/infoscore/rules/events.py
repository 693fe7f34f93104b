"""Events of scoring rules and targets (see shared.contracts.infoscore)."""

from services.infoscore.models import ScoringRules, Target
from shared.auth import Caller
from shared.contracts.base import envelope_for
from shared.contracts.infoscore import LevelPoints, ScoringRulesSet, TargetSet
from shared.envelope import Envelope
from shared.event_data import read_off


def rules_set(rules: ScoringRules, caller: Caller) -> Envelope:
    data = ScoringRulesSet(
        year=rules.year,
        points=LevelPoints(national=rules.national, provincial=rules.provincial, department=rules.department),
        instruction_bonus=rules.instruction_bonus,
    )
    return envelope_for(data, subject=str(rules.year), unit=None, actor=caller.sub, time=rules.set_at)


def target_set(target: Target, caller: Caller) -> Envelope:
    data = read_off(TargetSet, target)
    subject = f"{target.year}/{target.unit}"
    return envelope_for(data, subject=subject, unit=target.unit, actor=caller.sub, time=target.set_at)
