"""What the Kubernetes Jobs and the PostgreSQL init script run, run here for real."""

import asyncio
import os
import pwd
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nats
import pytest
from nats.aio.client import Client

from tests.deploy.helpers import DEPLOY, K8S, SERVICES, venv_path
from tests.support import free_port, nats_server_binary, wait_for_port

JOBS = K8S / "base" / "jobs"
INIT_SCRIPT = DEPLOY / "postgres" / "init-databases.sh"


PRODUCTION = {
    "OFFICE_ENV": "production",
    "OFFICE_JWT_SECRET": "a-secret-for-the-migration-job-test-0123456789",
    "OFFICE_JWT_AUDIENCE": "office",
    "OFFICE_JWT_ISSUER": "office",
}


def run_migrations(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(JOBS / "migrate.py"), *SERVICES],
        env={"PATH": venv_path(), "OFFICE_DATA_DIR": str(cwd), **env},
        cwd=cwd,  # as in the Job: the script alone, the suite from the installed package
        capture_output=True,
        text=True,
        check=False,
        timeout=240,
    )


def test_the_migration_job_script_migrates_every_service(tmp_path: Path) -> None:
    databases = {f"{s.upper()}_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / s}.db" for s in SERVICES}
    result = run_migrations(databases, tmp_path)  # local mode: production refuses SQLite (below)
    assert result.returncode == 0, result.stderr[-3000:]
    for service in SERVICES:
        assert f"{service}: migrated to head" in result.stdout
        with sqlite3.connect(tmp_path / f"{service}.db") as db:
            (version,) = db.execute("SELECT version_num FROM alembic_version").fetchone()
            assert version
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"outbox", "processed_events", "dead_letters"} <= tables


def test_the_migration_job_refuses_sqlite_in_production_saying_what_to_set(tmp_path: Path) -> None:
    result = run_migrations(PRODUCTION, tmp_path)
    assert result.returncode != 0
    assert "set DOCS_DATABASE_URL to PostgreSQL" in result.stderr
    assert not list(tmp_path.glob("*.db")), "nothing written"


# --- the streams Job against a three-node JetStream cluster on loopback -----------------------


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[list[str]]:
    clients = [free_port() for _ in range(3)]
    routes = [free_port() for _ in range(3)]
    route_list = ", ".join(f"nats://127.0.0.1:{port}" for port in routes)
    procs = []
    try:
        for i in range(3):
            conf = tmp_path / f"n{i}.conf"
            conf.write_text(
                f"server_name: n{i}\nlisten: 127.0.0.1:{clients[i]}\n"
                f'jetstream {{ store_dir: "{tmp_path / f"js{i}"}" }}\n'
                f"cluster {{ name: t, listen: 127.0.0.1:{routes[i]}, routes: [{route_list}] }}\n"
            )
            procs.append(
                subprocess.Popen(
                    [nats_server_binary(), "-c", str(conf)],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        for port in clients:
            wait_for_port(port)
        yield [f"nats://127.0.0.1:{port}" for port in clients]
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(10)


async def _connect_when_jetstream_is_up(url: str) -> Client:
    deadline = time.monotonic() + 30
    while True:
        nc = await nats.connect(url)
        try:
            await nc.jetstream().account_info()
            return nc
        except Exception:
            await nc.close()
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.5)


async def test_the_streams_job_gives_office_and_units_three_replicas(cluster: list[str]) -> None:
    nc = await _connect_when_jetstream_is_up(cluster[0])
    try:
        js = nc.jetstream()
        # as the services make them: one replica each, a consumer on UNITS
        await js.add_stream(name="OFFICE", subjects=["office.>"])
        await js.add_stream(name="UNITS", subjects=["units.>"])
        await js.add_consumer("UNITS", durable_name="unit_NNCB", filter_subject="units.NNCB.>")
        await js.publish("office.docs.incoming.registered", b"{}")

        result = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, str(JOBS / "nats_streams.py")],
            env={"PATH": venv_path(), "NATS_URL": cluster[1], "OFFICE_STREAM_REPLICAS": "3"},
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "stream OFFICE: 3 replicas" in result.stdout
        assert "stream UNITS: 3 replicas" in result.stdout
        for stream in ("OFFICE", "UNITS"):
            info = await js.stream_info(stream)
            assert info.config.num_replicas == 3
        assert (await js.stream_info("OFFICE")).state.messages == 1
        assert await _consumer_followers(js, "UNITS", "unit_NNCB", expected=2) == 2  # the consumer follows

        again = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, str(JOBS / "nats_streams.py")],
            env={"PATH": venv_path(), "NATS_URL": cluster[2]},
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert again.returncode == 0, again.stdout + again.stderr
    finally:
        await nc.close()


async def _consumer_followers(js: Any, stream: str, consumer: str, *, expected: int) -> int:
    """The consumer's followers once its group has formed (followers join one by one after scaling)."""
    followers = 0
    for _ in range(150):
        cluster = (await js.consumer_info(stream, consumer)).cluster
        followers = len(cluster.replicas or []) if cluster else 0
        if followers >= expected:
            return followers
        await asyncio.sleep(0.2)
    return followers


def test_the_streams_job_gives_up_when_nats_never_comes() -> None:
    code = (
        "import asyncio, sys; sys.path.insert(0, sys.argv[1]); import nats_streams as j; "
        f"asyncio.run(j.replicate('nats://127.0.0.1:{free_port()}', ['OFFICE'], 3, attempts=2, delay_s=0))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(JOBS)], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode != 0
    assert "attempt 2 of 2" in result.stdout
    assert "could not give OFFICE 3 replicas" in result.stderr


# --- the PostgreSQL init script against a throwaway server ------------------------------------


def _postgres_bin() -> Path:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)
    found = shutil.which("initdb")
    if found:
        candidates.insert(0, Path(found).resolve())
    if not candidates:
        pytest.skip("no PostgreSQL server binaries (initdb) on this machine")
    return candidates[0].parent


def _as_postgres_user() -> list[str]:
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        pytest.skip("running as root without a postgres user to run initdb as")
    return ["runuser", "-u", "postgres", "--"]


@pytest.fixture
def throwaway_postgres() -> Iterator[dict[str, str]]:
    bin_dir, run_as = _postgres_bin(), _as_postgres_user()
    # pytest's own tmp dirs are root's alone: the server's user could not reach them
    with tempfile.TemporaryDirectory(prefix="office-pg-") as name:
        base = Path(name)
        if run_as:
            shutil.chown(base, "postgres")
        data, port = base / "data", free_port()
        subprocess.run(
            [*run_as, str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust"],
            check=True,
            capture_output=True,
            timeout=120,
        )
        options = f"-c listen_addresses=127.0.0.1 -p {port} -k {base}"
        pg_ctl = [*run_as, str(bin_dir / "pg_ctl"), "-D", str(data)]
        subprocess.run(
            [*pg_ctl, "-w", "-l", str(base / "log"), "-o", options, "start"],
            check=True,
            capture_output=True,
            timeout=120,
        )
        script = base / "init-databases.sh"  # where the server's user can read it
        shutil.copy(INIT_SCRIPT, script)
        try:
            yield {
                "run_as": " ".join(run_as),
                "host": str(base),
                "port": str(port),
                "bin": str(bin_dir),
                "script": str(script),
            }
        finally:
            subprocess.run(
                [*pg_ctl, "-m", "immediate", "stop"],
                capture_output=True,
                timeout=120,
                check=False,
            )


def test_the_init_script_makes_a_database_and_a_role_per_service(throwaway_postgres: dict[str, str]) -> None:
    pg = throwaway_postgres
    passwords = {f"{s.upper()}_DB_PASSWORD": f"pw'{s}\"$x" for s in SERVICES}  # quotes survive
    env = {"PATH": f"{pg['bin']}:/usr/bin:/bin", "PGHOST": pg["host"], "PGPORT": pg["port"]}
    result = subprocess.run(
        [
            *pg["run_as"].split(),
            "env",
            *(f"{k}={v}" for k, v in {**env, "POSTGRES_USER": "postgres", **passwords}.items()),
            "bash",
            pg["script"],
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr

    def psql(user: str, database: str, sql: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["psql", "-X", "-At", "-h", "127.0.0.1", "-p", pg["port"], "-U", user, "-d", database, "-c", sql],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )

    owners = psql("postgres", "postgres", "SELECT datname, pg_get_userbyid(datdba) FROM pg_database")
    assert {f"{s}|{s}" for s in SERVICES} <= set(owners.stdout.split())
    with_password = psql("postgres", "postgres", "SELECT rolname FROM pg_authid WHERE rolpassword <> ''")
    assert set(SERVICES) <= set(with_password.stdout.split())
    for service in SERVICES:
        assert psql(service, service, "CREATE TABLE t (x int); DROP TABLE t").returncode == 0
    refused = psql("docs", "meetings", "SELECT 1")
    assert refused.returncode != 0 and "CONNECT" in refused.stderr


def test_the_init_script_stops_on_a_missing_password(throwaway_postgres: dict[str, str]) -> None:
    pg = throwaway_postgres
    env = {
        "PATH": f"{pg['bin']}:/usr/bin:/bin",
        "PGHOST": pg["host"],
        "PGPORT": pg["port"],
        "POSTGRES_USER": "postgres",
    }
    result = subprocess.run(
        [*pg["run_as"].split(), "env", *(f"{k}={v}" for k, v in env.items()), "bash", pg["script"]],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DOCS_DB_PASSWORD is not set" in result.stderr
