"""Traces go to the collector named by OTEL_EXPORTER_OTLP_ENDPOINT, a base URL as OpenTelemetry means it."""

import pytest

from shared.telemetry import traces_url


@pytest.mark.parametrize(
    ("endpoint", "url"),
    [
        ("http://collector:4318", "http://collector:4318/v1/traces"),
        ("http://collector:4318/", "http://collector:4318/v1/traces"),
        ("http://collector:4318/v1/traces", "http://collector:4318/v1/traces"),
    ],
)
def test_the_traces_path_is_added_once(endpoint: str, url: str) -> None:
    assert traces_url(endpoint) == url
