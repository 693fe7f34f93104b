"""Traces (OpenTelemetry), metrics (Prometheus) and JSON logs, the same in every service."""

import io
import logging
import sys
from collections.abc import Mapping, Sequence
from typing import TextIO, cast

import structlog
from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.sdk.trace.sampling import ALWAYS_OFF, ParentBased, Sampler, SamplingResult
from opentelemetry.util.types import Attributes
from prometheus_client import Counter, Gauge, Histogram

tracer = trace.get_tracer("office")

EVENTS_PUBLISHED = Counter("office_outbox_published_total", "Events the relay published", ["service"])
OUTBOX_PENDING = Gauge("office_outbox_pending", "Events waiting in the outbox", ["service"])
EVENTS_CONSUMED = Counter(
    "office_events_consumed_total", "Events a consumer applied", ["service", "consumer"]
)
EVENTS_DEAD = Counter("office_events_dead_total", "Events dead-lettered", ["service", "consumer"])
HTTP_LATENCY = Histogram(
    "office_http_request_seconds", "HTTP request latency", ["service", "method", "route", "status"]
)


def setup_tracing(service: str, otlp_endpoint: str | None) -> None:
    """Install a tracer provider once per process; export over OTLP when configured."""
    if isinstance(trace.get_tracer_provider(), TracerProvider):
        return
    provider = SuiteTracerProvider(Resource.create({"service.name": f"office-{service}"}))
    if otlp_endpoint:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=traces_url(otlp_endpoint))))
    trace.set_tracer_provider(provider)


class SuiteTracerProvider(TracerProvider):
    """Records spans once something exports them (OTLP, a test's processor): recording spans that
    nobody exports cost every request about 4 % of its CPU. Unrecorded spans keep their ids, so
    a caller's trace still goes on through the events (`traceparent`), its sampled flag kept."""

    exporting = False

    def __init__(self, resource: Resource) -> None:
        super().__init__(resource=resource)
        self.sampler = _WhileExported(self, self.sampler)  # the configured one (OTEL_TRACES_SAMPLER)

    def add_span_processor(self, span_processor: SpanProcessor) -> None:
        super().add_span_processor(span_processor)
        self.exporting = True


_UNEXPORTED = ParentBased(ALWAYS_OFF)


class _WhileExported(Sampler):
    def __init__(self, provider: SuiteTracerProvider, sampler: Sampler) -> None:
        self.provider, self.sampler = provider, sampler

    def should_sample(
        self,
        parent_context: otel_context.Context | None,
        trace_id: int,
        name: str,
        kind: trace.SpanKind | None = None,
        attributes: Attributes = None,
        links: Sequence[trace.Link] | None = None,
        trace_state: trace.TraceState | None = None,
    ) -> SamplingResult:
        sampler = self.sampler if self.provider.exporting else _UNEXPORTED
        return sampler.should_sample(parent_context, trace_id, name, kind, attributes, links, trace_state)

    def get_description(self) -> str:
        return f"WhileExported{{{self.sampler.get_description()}}}"


def traces_url(endpoint: str) -> str:
    """OTEL_EXPORTER_OTLP_ENDPOINT is the collector's base URL; traces go to /v1/traces under it."""
    endpoint = endpoint.rstrip("/")
    return endpoint if endpoint.endswith("/v1/traces") else f"{endpoint}/v1/traces"


def current_traceparent() -> str | None:
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier.get("traceparent")


def context_from(headers: Mapping[str, str] | None) -> otel_context.Context:
    return propagate.extract(dict(headers or {}))


class _Stderr(io.TextIOBase):
    """The process's stderr as it is when a line is written, not when logging was set up (a test's
    captured stderr, kept by then, is closed after that test: the next one's lines would fail)."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


def setup_logging(service: str, json_logs: bool) -> None:
    """structlog on top of the standard library, one JSON object per line."""
    renderer = (
        structlog.processors.JSONRenderer(ensure_ascii=False)
        if json_logs
        else structlog.dev.ConsoleRenderer()
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            renderer,
        ],
        logger_factory=structlog.PrintLoggerFactory(cast(TextIO, _Stderr())),
        cache_logger_on_first_use=True,
    )
    structlog.contextvars.bind_contextvars(service=service)
    logging.basicConfig(level=logging.INFO, stream=_Stderr(), format="%(message)s")


log = structlog.get_logger("office")
