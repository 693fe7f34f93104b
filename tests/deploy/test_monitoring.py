"""The Grafana dashboard and the Prometheus alert rules in deploy/monitoring name only metrics
the services export, and every alert tells the operator what to do."""

import json
import re
from pathlib import Path

import yaml
from prometheus_client import REGISTRY

import shared.calendar
import shared.gauges
import shared.retention
import shared.telemetry  # noqa: F401  (the modules that declare the metrics)

MONITORING = Path(__file__).resolve().parents[2] / "deploy" / "monitoring"
SUFFIXES = ("_total", "_bucket", "_count", "_sum", "_created")


def exported() -> set[str]:
    names = {m.name for m in REGISTRY.collect()}
    return names | {n + suffix for n in names for suffix in SUFFIXES}


def named_in(expr: str) -> set[str]:
    return set(re.findall(r"\boffice_[a-z_]+\b", expr))


def test_every_alert_names_exported_metrics_and_says_what_to_do() -> None:
    rules = yaml.safe_load((MONITORING / "alerts.yaml").read_text(encoding="utf-8"))
    alerts = [rule for group in rules["groups"] for rule in group["rules"]]
    assert {a["alert"] for a in alerts} >= {"OfficeOutboxBacklog", "OfficeConsumerLag", "OfficeDeadLetters"}
    for alert in alerts:
        assert named_in(alert["expr"]) and named_in(alert["expr"]) <= exported(), alert["alert"]
        assert alert["annotations"]["summary"] and alert["annotations"]["description"]
        assert alert["labels"]["severity"] in ("warning", "critical")
        assert re.fullmatch(r"\d+[smh]", alert.get("for", "0s"))


def test_every_dashboard_panel_queries_exported_metrics() -> None:
    dashboard = json.loads((MONITORING / "grafana-dashboard.json").read_text(encoding="utf-8"))
    queried = [t["expr"] for panel in dashboard["panels"] for t in panel["targets"]]
    assert len(queried) >= 8
    for expr in queried:
        assert named_in(expr) and named_in(expr) <= exported(), expr
    watched = set().union(*(named_in(e) for e in queried))
    assert {"office_outbox_pending", "office_consumer_pending", "office_dead_letters"} <= watched
    assert "office_retention_deleted_rows_total" in watched
