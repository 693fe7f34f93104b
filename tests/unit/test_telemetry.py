"""Traces go to the collector named by OTEL_EXPORTER_OTLP_ENDPOINT, a base URL as OpenTelemetry means it;
spans are recorded only while something exports them."""

import pytest
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import NonRecordingSpan, SpanContext, TraceFlags, set_span_in_context

from shared.telemetry import SuiteTracerProvider, traces_url


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


def test_spans_are_recorded_once_something_exports_them_and_keep_their_trace_before() -> None:
    provider = SuiteTracerProvider(Resource.create({}))
    tracer = provider.get_tracer("test")
    caller = SpanContext(0x1234, 0x5678, is_remote=True, trace_flags=TraceFlags(TraceFlags.SAMPLED))
    unsampled = SpanContext(0x1234, 0x5678, is_remote=True, trace_flags=TraceFlags(TraceFlags.DEFAULT))
    with tracer.start_as_current_span("unexported") as span:
        assert not span.is_recording()
        assert span.get_span_context().is_valid  # its ids go on in the events' traceparent
    sampled_call = tracer.start_span(
        "a sampled caller's", context=set_span_in_context(NonRecordingSpan(caller))
    )
    assert sampled_call.is_recording() and sampled_call.get_span_context().trace_id == 0x1234
    exporter = InMemorySpanExporter()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    with tracer.start_as_current_span("exported") as span:
        assert span.is_recording()
    unsampled_call = tracer.start_span(
        "an unsampled caller's", context=set_span_in_context(NonRecordingSpan(unsampled))
    )
    assert not unsampled_call.is_recording()  # the configured sampler (parent-based) decides
    assert [s.name for s in exporter.get_finished_spans()] == ["exported"]
