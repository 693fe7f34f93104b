"""The `office` command: `up` (what `make run` runs), `token`, `replay`, `archive`, `asyncapi`,
`--version`."""

import asyncio
from datetime import datetime
from importlib.metadata import version
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from shared.auth import CLEARANCE_ORDER, KNOWN_ROLES, issue_token
from shared.settings import SERVICE_PORTS, ServiceSettings
from shared.units import UnitRegistry

cli = typer.Typer(help="办公室 suite: run it, sign local tokens, replay events.", no_args_is_help=True)


def _print_version(asked: bool) -> None:
    if asked:
        typer.echo(f"office {version('office-suite')}")
        raise typer.Exit()


@cli.callback()
def _options(
    show_version: Annotated[
        bool, typer.Option("--version", callback=_print_version, is_eager=True, help="print the version")
    ] = False,
) -> None:
    """办公室 suite: run it, sign local tokens, replay events."""


Service = Annotated[str, typer.Option(help=f"one of {', '.join(SERVICE_PORTS)}")]


def service_settings(service: str) -> ServiceSettings:
    """A service's settings from the environment (its `<SERVICE>_` prefix and the suite's)."""
    if service not in SERVICE_PORTS:
        raise typer.BadParameter(f"unknown service {service!r}; one of {', '.join(SERVICE_PORTS)}")
    return ServiceSettings(_env_prefix=f"{service.upper()}_", service=service)


@cli.command()
def up(
    only: Annotated[list[str] | None, typer.Option("--service", help="start only these")] = None,
) -> None:
    """Start nats-server (unless NATS_URL is set) and the services; Ctrl-C stops all."""
    from office.runtime import up as run_suite

    raise typer.Exit(run_suite(services=only or None))


@cli.command()
def token(
    sub: Annotated[str, typer.Option(help="the user id")],
    unit: Annotated[str, typer.Option(help="the user's unit code, e.g. GO")],
    role: Annotated[list[str], typer.Option(help="staff, leader, liaison, unit, auditor, admin")],
    clearance: Annotated[str, typer.Option(help="none, secret, confidential, top_secret")] = "none",
    name: Annotated[str | None, typer.Option(help="display name")] = None,
    hours: Annotated[int, typer.Option(help="validity")] = 12,
) -> None:
    """Print a bearer token signed with the local secret the services verify."""
    settings = service_settings("docs")
    _check_claims(settings, unit=unit, roles=role, clearance=clearance)
    secret = settings.signing_secret
    if secret is None:
        raise typer.BadParameter("tokens come from the identity provider when OFFICE_JWKS_URL is set")
    if hours * 3600 > settings.jwt_max_lifetime_s:
        raise typer.BadParameter(
            f"at most {settings.jwt_max_lifetime_s // 3600} hours (OFFICE_JWT_MAX_LIFETIME_S)"
        )
    token = issue_token(
        secret=secret,
        sub=sub,
        unit=unit,
        roles=role,
        clearance=clearance,
        name=name,
        ttl_s=hours * 3600,
        audience=settings.jwt_audience,
        issuer=settings.jwt_issuer,
    )
    typer.echo(token)


def _check_claims(settings: ServiceSettings, *, unit: str, roles: list[str], clearance: str) -> None:
    """Only what the services accept: a unit of the registry, known roles and clearances."""
    if unit not in UnitRegistry.load(settings.units_file):
        raise typer.BadParameter(f"unknown unit {unit!r}: not in {settings.units_file}")
    unknown = sorted(set(roles) - KNOWN_ROLES)
    if unknown:
        raise typer.BadParameter(
            f"unknown roles {', '.join(unknown)}; one of {', '.join(sorted(KNOWN_ROLES))}"
        )
    if clearance not in CLEARANCE_ORDER:
        raise typer.BadParameter(f"unknown clearance {clearance!r}; one of {', '.join(CLEARANCE_ORDER)}")


@cli.command()
def replay(
    service: Service,
    since: Annotated[datetime, typer.Option(help="ISO 8601 time; events created from then on")],
    redeliver: Annotated[
        bool,
        typer.Option(help="under fresh message ids, so the stream takes them within its duplicate window"),
    ] = False,
    from_file: Annotated[
        Path | None, typer.Option("--from", help="an archive written by `office archive`, not the outbox")
    ] = None,
) -> None:
    """Publish a service's event log again, from a time on (consumers ignore what they have)."""
    from office.progress import Bar
    from office.replay import replay_events

    if since.tzinfo is None:
        raise typer.BadParameter("give --since with an offset, e.g. 2022-01-01T00:00:00+08:00")
    settings = service_settings(service)
    with Bar("replay") as bar:
        try:
            done = asyncio.run(
                replay_events(settings, since, redeliver=redeliver, archive=from_file, progress=bar)
            )
        except TimeoutError:
            typer.echo(f"NATS at {settings.nats_url} did not answer; nothing replayed", err=True)
            raise typer.Exit(1) from None
    typer.echo(
        f"{service} since {done.since.isoformat()}: published {done.published} events, "
        f"{done.duplicates} dropped by the stream as duplicates (seen within its duplicate window)"
    )


@cli.command()
def archive(
    service: Service,
    before: Annotated[
        datetime, typer.Option(help="events created before this (a date: its midnight, office time)")
    ],
    to: Annotated[Path, typer.Option(help="the file to write (JSON lines, gzip); never overwritten")],
) -> None:
    """Move a service's published events created before a time from its outbox into a file."""
    from office.archive import archive_events
    from office.progress import Bar

    settings = service_settings(service)
    if before.tzinfo is None:
        before = before.replace(tzinfo=ZoneInfo(settings.timezone))
    if to.exists():
        raise typer.BadParameter(f"{to} exists; an archive is never overwritten")
    with Bar("archive") as bar:
        done = asyncio.run(archive_events(settings, before, to, progress=bar))
    typer.echo(
        f"{service}: {done.written} events created before {before.isoformat()} written to {to}, "
        f"{done.deleted} deleted from the outbox"
    )


@cli.command()
def asyncapi(
    service: Annotated[str | None, typer.Option(help="only this service's events")] = None,
) -> None:
    """Print the event catalogue (AsyncAPI 3.0 JSON): what is sent and received; of one service,
    the document its `/asyncapi.json` answers."""
    import importlib
    import json

    from shared.app import catalogue

    if service is not None and service not in SERVICE_PORTS:
        raise typer.BadParameter(f"unknown service {service!r}: one of {', '.join(SERVICE_PORTS)}")
    names = [service] if service else list(SERVICE_PORTS)
    specs = [importlib.import_module(f"services.{name}.app").create_app().state.spec for name in names]
    typer.echo(json.dumps(catalogue(specs), ensure_ascii=False, indent=2))


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
