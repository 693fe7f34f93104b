"""What operations rely on: probes, metrics, the OpenAPI document, and one trace per story."""

from typing import Any

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from shared.telemetry import setup_tracing
from tests.integration.test_incoming_slice import incoming, received
from tests.support import NatsServer, eventually, stream_messages, token

STAFF = token()


@pytest.mark.restarts_nats
async def test_readyz_says_503_while_nats_is_down_and_recovers(
    start_stack: Any, nats_server: NatsServer
) -> None:
    async with start_stack("docs") as stack:

        async def ready() -> bool:
            return bool((await stack.docs.get("/readyz")).status_code == 200)

        await eventually(ready)
        nats_server.stop()

        async def not_ready() -> bool:
            answer = await stack.docs.get("/readyz")
            return bool(
                answer.status_code == 503 and answer.json()["checks"] == {"database": True, "nats": False}
            )

        await eventually(not_ready)
        assert (await stack.docs.get("/healthz")).status_code == 200
        database_only = await stack.docs.get("/readyz", params={"only": "database"})
        assert database_only.json() == {"status": "ready", "checks": {"database": True}}
        assert (await stack.docs.get("/readyz", params={"only": "nats"})).status_code == 422
        nats_server.start()
        await eventually(ready, within=20)


async def test_metrics_and_openapi_are_served(start_stack: Any) -> None:
    async with start_stack("docs") as stack:
        await stack.docs.post("/api/v1/incoming", json=incoming(), headers=STAFF)
        metrics = (await stack.docs.get("/metrics")).text
        assert 'office_http_request_seconds_count{method="POST",route="/api/v1/incoming"' in metrics

        async def counted_by_subject() -> bool:  # FastStream's per-subject metrics
            metrics = (await stack.docs.get("/metrics")).text
            return (
                "faststream_published_messages_total{" in metrics
                and "office.docs.incoming.registered" in metrics
            )

        await eventually(counted_by_subject)
        spec = (await stack.docs.get("/openapi.json")).json()
        assert "/api/v1/incoming" in spec["paths"]
        assert (await stack.docs.get("/docs")).status_code == 200


def recording_spans() -> InMemorySpanExporter:
    exporter = InMemorySpanExporter()
    setup_tracing("tests", None)  # as a service's app does, should this test run first in its worker
    provider = trace.get_tracer_provider()
    assert isinstance(provider, TracerProvider)
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    return exporter


async def test_one_trace_runs_from_the_request_to_the_consumers_work(start_stack: Any) -> None:
    exporter = recording_spans()
    async with start_stack("docs", "aggregate") as stack:
        answer = await stack.docs.post("/api/v1/incoming", json=incoming(), headers=STAFF)
        assert answer.status_code == 201
        for probe in ("/healthz", "/readyz", "/metrics"):
            assert (await stack.docs.get(probe)).status_code == 200

        async def counted() -> bool:
            return bool((await received(stack, 2022))["total"]["value"] == 1)

        await eventually(counted)
    spans = exporter.get_finished_spans()
    request = next(s for s in spans if s.name == "POST /api/v1/incoming")
    applied = next(s for s in spans if s.name == "apply office.docs.incoming.registered.v1")
    published = next(s for s in spans if s.name == "publish office.docs.incoming.registered")
    assert request.context is not None and applied.context is not None and published.context is not None
    assert applied.context.trace_id == request.context.trace_id == published.context.trace_id
    assert applied.parent is not None and applied.parent.span_id == published.context.span_id
    assert request.attributes is not None and request.attributes["http.route"] == "/api/v1/incoming"
    assert not [s.name for s in spans if s.name.split(" ")[-1] in ("/healthz", "/readyz", "/metrics")]


async def test_a_backlog_is_applied_in_one_span_linked_to_each_requests_trace(
    start_stack: Any, nats_server: NatsServer
) -> None:
    exporter = recording_spans()
    async with start_stack("docs") as docs:
        for _ in range(30):
            assert (
                await docs.docs.post("/api/v1/incoming", json=incoming(), headers=STAFF)
            ).status_code == 201
        await eventually(lambda: _stream_holds(nats_server.url, 30))
        async with start_stack("aggregate") as stack:

            async def counted() -> bool:
                return bool((await received(stack, 2022))["total"]["value"] == 30)

            await eventually(counted)
    spans = exporter.get_finished_spans()
    requests = {s.context.trace_id for s in spans if s.name == "POST /api/v1/incoming" and s.context}
    batch = next(s for s in spans if s.name == "apply batch aggregate-g1")
    assert batch.attributes is not None and batch.attributes["messaging.batch.message_count"] == 30
    assert {link.context.trace_id for link in batch.links} == requests
    assert not [s for s in spans if s.name == "apply office.docs.incoming.registered.v1"]


async def _stream_holds(url: str, count: int) -> bool:
    return await stream_messages(url) >= count
