"""Every metric the layout, the queries and the dashboard read is one some rule counts."""

import types
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, ClassVar, Literal, Union, get_args, get_origin

import pytest
from pydantic import BaseModel

from services.aggregate import layout, metrics, service
from services.aggregate.dashboard.service import HEADLINES, MONTHLY_NAMES
from services.aggregate.rules import RULES, Entry
from shared.contracts.base import EventData, envelope_for

PLAIN: dict[Any, list[Any]] = {
    bool: [False, True],
    int: [1, 2],
    float: [1.5],
    Decimal: [Decimal("1.00")],
    str: ["NNCB"],
    datetime: [datetime(2024, 6, 3, 2, tzinfo=UTC)],
    date: [date(2024, 6, 3)],
}


def _values(annotation: Any) -> list[Any]:
    """Values a field may take, the first the plainest: every value of a Literal, None of an Optional."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Literal:
        return list(args)
    if origin in (Union, types.UnionType):
        return [v for a in args if a is not type(None) for v in _values(a)] + [None]
    if origin is list:
        return [[_values(args[0])[0]], []]
    if origin is dict:
        return [{"title": 1}, {}]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [_model(annotation, {})]
    return PLAIN[annotation]


def _model(model: type[BaseModel], varied: dict[str, Any]) -> Any:
    base = {n: [2024] if n == "year" else _values(f.annotation) for n, f in model.model_fields.items()}
    return model(**{n: v[0] for n, v in base.items()} | varied)


def _events(contract: type[EventData]) -> Iterator[EventData]:
    """The plainest event of a contract, then each field through each of its values."""
    yield _model(contract, {})
    for name, field in contract.model_fields.items():
        for value in _values(field.annotation)[1:] if name != "year" else []:
            yield _model(contract, {name: value})


def _contracts() -> dict[str, type[EventData]]:
    found: dict[str, type[EventData]] = {}
    todo = list(EventData.__subclasses__())
    while todo:
        contract = todo.pop()
        todo += contract.__subclasses__()
        if hasattr(contract, "action"):
            found[contract.event_type()] = contract
    return found


@pytest.fixture(scope="module")
def counted() -> set[str]:
    """The metrics the rules count, over events of every kind a rule reads."""
    contracts = _contracts()
    return {
        effect.metric
        for event_type, rule in RULES.items()
        for data in _events(contracts[event_type])
        for effect in rule(envelope_for(data, subject="x", unit="NNCB", actor="a"))
        if not isinstance(effect, Entry)
    }


class Asked(layout.Figures):
    """Figures that note every metric and family the layout reads."""

    names: ClassVar[set[str]] = set()
    prefixes: ClassVar[set[str]] = set()

    def n(self, metric: metrics.Metric, year: int | None = None) -> int:
        Asked.names.add(metric)
        return 1

    def setting(self, metric: metrics.Metric, year: int | None = None) -> int | None:
        Asked.names.add(metric)
        return 1

    def prefixed(self, prefix: metrics.Prefix) -> dict[str, int]:
        Asked.prefixes.add(prefix)
        return {}


def test_every_metric_the_layout_reads_is_counted_by_a_rule(
    counted: set[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(layout, "Figures", Asked)
    layout.compose(2024, None, {}, {})
    assert len(Asked.names) > 40 and len(Asked.prefixes) == 4
    assert sorted(Asked.names - counted) == []
    assert sorted(p for p in Asked.prefixes if not any(c.startswith(p) for c in counted)) == []


def test_every_metric_ranked_charted_or_shown_on_the_dashboard_is_counted(counted: set[str]) -> None:
    shown = {*service.RANKED_METRICS, *service.MONTHLY_METRICS, *(m for m, _ in HEADLINES), *MONTHLY_NAMES}
    assert sorted(shown - counted) == []


def test_a_name_no_rule_counts_is_caught(counted: set[str]) -> None:
    assert metrics.RECEIVED_TOTAL in counted
    assert metrics.Metric("docs.recieved.total") not in counted
