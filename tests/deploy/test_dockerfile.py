"""The image, read as text (no Docker engine here), and its entrypoint, run for real."""

import fnmatch
import http.server
import re
import signal
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.deploy.helpers import DEPLOY, ROOT, SERVICES, venv_path
from tests.support import free_port, wait_for_port

ENTRYPOINT = DEPLOY / "docker" / "entrypoint.sh"
BUILD_TOOLS = (
    "gcc",
    "g++",
    "make",
    "build-essential",
    "clang",
    "uv ",
    "uv==",
    "pip install",
    "apt-get install",
)


def stages() -> list[tuple[str, list[str]]]:
    """(FROM line, instructions) per stage, continuation lines joined, comments dropped."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    instructions = re.sub(r"\\\n", " ", "\n".join(lines)).splitlines()
    result: list[tuple[str, list[str]]] = []
    for instruction in (i.strip() for i in instructions if i.strip()):
        if instruction.upper().startswith("FROM "):
            result.append((instruction, []))
        elif result:
            result[-1][1].append(instruction)
    return result


def build_args() -> dict[str, str]:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    return dict(re.findall(r"^ARG (\w+)=(\S+)$", text, re.MULTILINE))


def final_stage() -> list[str]:
    return stages()[-1][1]


def test_it_is_multi_stage_on_python_3_11_slim() -> None:
    args = build_args()
    froms = [line for line, _ in stages()]
    assert len(froms) >= 2
    assert re.match(r"FROM \$\{PYTHON_IMAGE\} AS builder", froms[0])
    assert re.match(r"FROM \$\{PYTHON_IMAGE\} AS runtime", froms[-1])
    assert args["PYTHON_IMAGE"] == "python:3.11-slim"


def test_the_builder_installs_the_locked_dependencies_with_uv() -> None:
    builder = " ".join(stages()[0][1])
    assert re.search(r"pip install --no-cache-dir \"uv==\$\{UV_VERSION\}\"", builder)
    assert "uv sync --frozen --no-dev --no-install-project" in builder
    assert builder.index("--no-install-project") < builder.index("COPY shared")
    assert "uv sync --frozen --no-dev --no-editable" in builder


def test_the_final_stage_runs_as_an_unprivileged_user() -> None:
    users = [i for i in final_stage() if i.upper().startswith("USER ")]
    assert users, "no USER in the final stage"
    user = users[-1].split()[1].split(":")[0]
    uid = build_args().get(user.strip("${}"), user)
    assert uid.isdigit() and int(uid) >= 1000, "a numeric non-root uid (runAsNonRoot can check it)"


def test_the_final_stage_has_a_healthcheck_on_healthz() -> None:
    checks = [i for i in final_stage() if i.upper().startswith("HEALTHCHECK ")]
    assert len(checks) == 1
    assert 'CMD ["office-service", "healthcheck"]' in checks[0]
    script = ENTRYPOINT.read_text(encoding="utf-8")
    assert "urllib.request.urlopen" in script and '/healthz"' in script


def test_the_final_stage_has_no_build_tools() -> None:
    for instruction in final_stage():
        for tool in BUILD_TOOLS:
            assert tool not in instruction, f"{tool!r} in the final stage: {instruction}"
    copies = [i for i in final_stage() if i.upper().startswith("COPY ")]
    assert any("--from=builder /app/.venv /app/.venv" in c for c in copies)
    assert all("--from=builder" in c or "deploy/docker/" in c for c in copies), copies
    # the base image's own pip goes too
    assert any("pip uninstall --yes --quiet pip setuptools wheel" in i for i in final_stage())


def test_the_data_volume_is_for_the_service_user_only() -> None:
    made = [i for i in final_stage() if "install -d" in i and i.rstrip().endswith(" /data")]
    assert made, "the final stage makes /data"
    assert re.search(r"install -d -o office -g office -m 0700 /data", made[0]), made[0]
    script = ENTRYPOINT.read_text(encoding="utf-8")
    assert script.index("umask 077") < script.index('exec "$@"'), "every command runs under umask 077"


def test_the_entrypoint_is_the_image_s() -> None:
    final = final_stage()
    assert 'ENTRYPOINT ["office-service"]' in final
    assert any("deploy/docker/entrypoint.sh /usr/local/bin/office-service" in i for i in final)
    assert ENTRYPOINT.stat().st_mode & 0o111, "the entrypoint is executable"


def test_the_build_context_holds_what_the_dockerfile_copies_and_no_more() -> None:
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert patterns[0] == "*", "an allow-list"

    def included(path: str) -> bool:
        verdict = True
        for pattern in patterns:
            negated = pattern.startswith("!")
            bare = pattern.lstrip("!").rstrip("/").removeprefix("**/")
            hit = (
                fnmatch.fnmatch(path, bare)
                or path.startswith(bare + "/")
                or fnmatch.fnmatch(path.rsplit("/", 1)[-1], bare)
            )
            if hit:
                verdict = negated
        return verdict

    sources = []
    for instruction in (i for _, body in stages() for i in body):
        if instruction.upper().startswith("COPY ") and "--from=" not in instruction:
            parts = [p for p in instruction.split()[1:] if not p.startswith("--")]
            sources += parts[:-1]
    assert sources
    for source in sources:
        assert included(source.rstrip("/")), f"{source} is not in the build context"
    for secret_or_junk in (".venv", "var/docs.db", ".git", "deploy/.env", "deploy/nats/units.env", "tests"):
        assert not included(secret_or_junk), f"{secret_or_junk} would be sent to the builder"


# --- the entrypoint, run ------------------------------------------------------------------


class _Healthz(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200 if self.path == "/healthz" else 404)
        self.end_headers()
        self.wfile.write(b'{"status":"ok"}')

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def healthz_port() -> Iterator[int]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Healthz)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield int(server.server_address[1])
    server.shutdown()
    server.server_close()
    thread.join(5)


def entrypoint(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["sh", str(ENTRYPOINT), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
        env={"PATH": venv_path(), **env},
    )


@pytest.mark.parametrize("service", ["", "bogus", "docs;id"])
def test_the_entrypoint_refuses_an_unknown_service(service: str) -> None:
    result = entrypoint(SERVICE=service)
    assert result.returncode == 64
    assert "SERVICE" in result.stderr


def test_healthcheck_asks_healthz_on_the_service_port(healthz_port: int) -> None:
    assert entrypoint("healthcheck", SERVICE="docs", SERVICE_PORT=str(healthz_port)).returncode == 0
    assert entrypoint("healthcheck", SERVICE="docs", DOCS_PORT=str(healthz_port)).returncode == 0
    assert entrypoint("healthcheck", SERVICE="aggregate", AGGREGATE_PORT=str(healthz_port)).returncode == 0
    down = entrypoint("healthcheck", SERVICE="docs", SERVICE_PORT=str(free_port()))
    assert down.returncode == 1
    assert "unhealthy" in down.stderr


def test_other_commands_run_as_given() -> None:
    result = entrypoint("python", "-c", "print('passed through')")
    assert result.returncode == 0
    assert result.stdout.strip() == "passed through"
    assert entrypoint("sh", "-c", "umask").stdout.strip() == "0077"


def test_the_entrypoint_runs_the_service_and_stops_on_sigterm(tmp_path: Path) -> None:
    port = free_port()
    env = {
        "PATH": venv_path(),
        "SERVICE": "aggregate",
        "SERVICE_PORT": str(port),
        "SERVICE_HOST": "127.0.0.1",
        "OFFICE_DATA_DIR": str(tmp_path),
        "NATS_URL": f"nats://127.0.0.1:{free_port()}",  # none: the service starts all the same
        "OFFICE_LOG_JSON": "true",
    }
    proc = subprocess.Popen(
        ["sh", str(ENTRYPOINT)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        wait_for_port(port, timeout=90)
        assert entrypoint("healthcheck", SERVICE="aggregate", SERVICE_PORT=str(port)).returncode == 0
        proc.send_signal(signal.SIGTERM)  # exec: uvicorn itself gets it, not a shell
        _, stderr = proc.communicate(timeout=40)
        # uvicorn shuts down cleanly, then re-raises the signal it caught
        assert proc.returncode in (0, -signal.SIGTERM), stderr[-2000:]
        assert "Application shutdown complete" in stderr
        written = list(tmp_path.glob("aggregate.db*"))
        assert written and all(path.stat().st_mode & 0o077 == 0 for path in written), "for its user only"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()


def test_every_service_has_its_usual_port_in_the_entrypoint() -> None:
    script = ENTRYPOINT.read_text(encoding="utf-8")
    for service, port in SERVICES.items():
        assert f"{service}) usual_port={port} ;;" in script
