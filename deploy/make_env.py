"""Make the secret files a deployment reads, with random values, keeping what already exists.

    python3 deploy/make_env.py          # compose: deploy/.env and deploy/nats/units.env
    python3 deploy/make_env.py --k8s-prod
                                        # k8s/overlays/prod/secrets/office.env and nats-units.env

An empty `KEY=` of the example file gets a random value, so every such key is a secret; a
filled-in one is copied as it is (edit those: the database URLs of the prod example name no
real server); a commented-out one (`# NOTIFY_SMTP_HOST=...`, an optional setting) stays a
comment for the operator to uncomment; a key the target file already has keeps its value.
The units' NATS passwords are one per `$NATS_UNIT_..._PASSWORD` variable of nats/units.conf.
Files are written mode 0600. Only the standard library.
"""

import argparse
import os
import re
import secrets
import sys
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent
UNITS_CONF = DEPLOY / "nats" / "units.conf"
COMPOSE = (DEPLOY / ".env.example", DEPLOY / ".env", DEPLOY / "nats" / "units.env")
PROD_SECRETS = DEPLOY / "k8s" / "overlays" / "prod" / "secrets"
K8S_PROD = (PROD_SECRETS / "office.env.example", PROD_SECRETS / "office.env", PROD_SECRETS / "nats-units.env")

_ASSIGNMENT = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$")
_UNIT_VARIABLE = re.compile(r"\$(NATS_UNIT_[A-Za-z0-9_]+_PASSWORD)\b")


def new_secret() -> str:
    """URL-safe (it goes into URLs) and starting with a letter (nats-server reads it as a string)."""
    return "p" + secrets.token_urlsafe(32)


def read_env(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _ASSIGNMENT.match(line.strip())
        if match:
            values[match.group(1)] = match.group(2)
    return values


def complete_from_example(example: Path, target: Path) -> list[str]:
    """Write `target` as `example` with its values: existing, given, or new; answers keys made."""
    existing = read_env(target)
    made = []
    lines = []
    for line in example.read_text(encoding="utf-8").splitlines():
        match = _ASSIGNMENT.match(line.strip())
        if not match:
            lines.append(line)
            continue
        key, example_value = match.groups()
        value = existing.get(key) or example_value
        if not value:
            value = new_secret()
            made.append(key)
        lines.append(f"{key}={value}")
    known = {m.group(1) for line in lines if (m := _ASSIGNMENT.match(line.strip()))}
    lines += [f"{key}={value}" for key, value in existing.items() if key not in known]
    _write_private(target, lines)
    return made


def complete_unit_passwords(units_conf: Path, target: Path) -> list[str]:
    """One password per unit variable that units.conf refers to; answers the variables added."""
    wanted = list(dict.fromkeys(_UNIT_VARIABLE.findall(units_conf.read_text(encoding="utf-8"))))
    existing = read_env(target)
    lines = target.read_text(encoding="utf-8").splitlines() if target.exists() else []
    if not lines:
        lines = ["# NATS passwords of the subordinate units' users (deploy/make_env.py). Secret."]
    made = [key for key in wanted if not existing.get(key)]
    lines += [f"{key}={new_secret()}" for key in made]
    _write_private(target, lines)
    return made


def _write_private(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    os.chmod(path, 0o600)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--k8s-prod", action="store_true", help="the prod overlay's secret files")
    args = parser.parse_args(argv)
    example, env_file, units_env = K8S_PROD if args.k8s_prod else COMPOSE
    made = complete_from_example(example, env_file)
    print(f"{env_file}: " + (f"new {', '.join(made)}" if made else "nothing new"))
    made_units = complete_unit_passwords(UNITS_CONF, units_env)
    print(f"{units_env}: " + (f"{len(made_units)} new unit password(s)" if made_units else "nothing new"))
    if args.k8s_prod:
        print(f"now edit the database URLs in {env_file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
