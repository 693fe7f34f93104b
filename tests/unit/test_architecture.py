"""Services talk through events, never through each other's code (import-linter)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = str(Path(sys.executable).parent / "lint-imports")


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([LINT_IMPORTS, "--no-cache"], cwd=cwd, capture_output=True, text=True, check=False)


def test_no_service_imports_another() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("leak", "named"),
    [
        ("from services.docs import models  # noqa: F401\n", "services.docs.models"),
        ("from office import replay  # noqa: F401\n", "office.replay"),  # the launcher and CLI
    ],
)
def test_a_service_importing_another_or_the_launcher_is_caught(tmp_path: Path, leak: str, named: str) -> None:
    copy = tmp_path / "repo"
    for package in ("services", "shared", "office"):
        shutil.copytree(ROOT / package, copy / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / ".importlinter", copy / ".importlinter")
    (copy / "services" / "aggregate" / "leak.py").write_text(leak)
    result = subprocess.run(
        [LINT_IMPORTS, "--no-cache"],
        cwd=copy,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode != 0
    assert "BROKEN" in result.stdout and f"services.aggregate.leak -> {named}" in result.stdout
