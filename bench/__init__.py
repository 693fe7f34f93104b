"""`make bench`: throughput and latency figures of the suite, each beside a baseline run in the same go.

- POST /api/v1/incoming against the docs service versus a bare FastAPI + SQLite insert app;
- registration-to-statistics lag (docs -> NATS -> aggregate) at a steady request rate;
- the aggregate's ingest rate replaying stored events versus a bare pull-and-ack loop;
- a year of a million events: the aggregate's live rate, every read of the year's figures
  and report, and a rebuild from the start of the stream (aims: reads under 200 ms,
  the rebuild under 60 s, with the same figures; POST /incoming aims at 600 req/s with p99
  under 80 ms, the lag at p99 under 100 ms at 200/s, the ingest at 20,000 ev/s).

Everything runs as real processes (nats-server from the venv, services under uvicorn) in a
temporary directory that is removed afterwards; `python -m bench --quick` is the short variant.
"""
