"""Test parts for notify: a webhook receiver and an SMTP server that can be down, events published
straight to NATS (also back-dated, for reminders), reading a unit's durable consumer, and the
notify app served by a real HTTP server (for SSE)."""

import asyncio
import contextlib
import json
import ssl
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import nats
import uvicorn
import yaml
from aiosmtpd.controller import Controller
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from fastapi import FastAPI
from nats.aio.msg import Msg
from sqlalchemy import select

from services.notify.mail.models import MailMessage
from shared.contracts import envelope_for
from shared.contracts.base import EventData
from shared.contracts.docs import IncomingAssigned
from shared.envelope import Envelope, utcnow
from shared.settings import SAMPLE_UNITS_FILE
from tests.support import eventually, free_port, token

STAFF = token()
# what the tests' receivers on 127.0.0.1 need: webhooks refuse http and loopback unless allowed
LOCAL_RECEIVERS: dict[str, Any] = {"webhook_allow_http": True, "webhook_allow_hosts": ("127.0.0.1",)}
ADMIN = token(sub="root", roles=("staff", "admin"))
TZ = ZoneInfo("Asia/Shanghai")


def liaison(unit: str, sub: str | None = None) -> dict[str, str]:
    return token(sub=sub or f"liaison-{unit.lower()}", unit=unit, roles=("liaison",), clearance="none")


def incoming(**overrides: Any) -> dict[str, Any]:
    body = {
        "title": "关于开展安全生产大检查的通知",
        "source_org": "省政府办公厅",
        "channel": "oa",
        "received_at": "2022-03-01T09:00:00+08:00",
    }
    return {**body, **overrides}


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes

    @property
    def event(self) -> dict[str, Any]:
        return json.loads(self.body)  # type: ignore[no-any-return]


NO_CONTENT = b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"


class WebhookReceiver:
    """A tiny HTTP server on a free port: records every POST and answers `reply` (204; None: never
    answers, until the client goes); `stop` makes it refuse."""

    def __init__(self, reply: bytes | None = NO_CONTENT, tls: ssl.SSLContext | None = None) -> None:
        self.port = free_port()
        self.reply = reply
        self.tls = tls
        self.received: list[Received] = []
        self._server: asyncio.Server | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", self.port, ssl=self.tls)

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
            headers = {}
            for line in head[1:]:
                if ":" in line:
                    name, value = line.split(":", 1)
                    headers[name.strip().lower()] = value.strip()
            body = await reader.readexactly(int(headers.get("content-length", "0")))
            self.received.append(Received(headers, body))
            if self.reply is None:
                await reader.read()  # until the client gives up
                return
            writer.write(self.reply)
            await writer.drain()
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    def event_ids(self) -> list[str]:
        return [r.headers["x-office-event-id"] for r in self.received]


class Bus:
    """A plain nats-py client for the test: publish envelopes as a service would, read UNITS."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.nc: Any = None

    async def __aenter__(self) -> "Bus":
        self.nc = await nats.connect(self.url)
        await self.wait_streams("OFFICE", "UNITS")
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.nc.close()

    async def wait_streams(self, *names: str) -> None:
        """Wait until the services have provisioned these streams (OFFICE, UNITS): a broker started
        in the background on a loaded machine (CI, two workers and PostgreSQL) took over 10 s."""
        js = self.nc.jetstream()

        async def provisioned() -> bool:
            try:
                for name in names:
                    await js.stream_info(name)
            except nats.js.errors.NotFoundError:
                return False
            return True

        await eventually(provisioned, within=30.0)

    async def publish(self, envelope: Envelope) -> None:
        await self.nc.jetstream().publish(
            envelope.nats_subject, envelope.model_dump_json().encode(), headers={"Nats-Msg-Id": envelope.id}
        )

    async def unit_messages(self, unit: str, *, at_least: int, within: float = 10.0) -> list[Msg]:
        """Pull from the unit's durable consumer until `at_least` messages came (acks them)."""
        js = self.nc.jetstream()

        async def provisioned() -> bool:
            try:
                await js.consumer_info("UNITS", f"unit_{unit}")
            except nats.js.errors.NotFoundError:
                return False
            return True

        await eventually(provisioned)
        subscription = await js.pull_subscribe_bind(durable=f"unit_{unit}", stream="UNITS")
        got: list[Msg] = []
        deadline = asyncio.get_running_loop().time() + within
        try:
            while len(got) < at_least and asyncio.get_running_loop().time() < deadline:
                # nats-py's own TimeoutError, or the bare one when the time ran out between its requests
                with contextlib.suppress(TimeoutError):
                    for msg in await subscription.fetch(100, timeout=0.5):
                        await msg.ack()
                        got.append(msg)
        finally:
            await subscription.unsubscribe()
        return got


def event(data: EventData, *, unit: str | None, subject: str = "rec-1") -> Envelope:
    return envelope_for(data, subject=subject, unit=unit, actor="tester")


def written(day: date) -> str:
    """A date as a person reads it in the office's texts: 2022年6月1日."""
    return f"{day.year}年{day.month}月{day.day}日"


def today() -> date:
    return utcnow().astimezone(TZ).date()


def sent(data: EventData, *, days_ago: float, unit: str = "GO", subject: str = "x") -> Envelope:
    """An event as its service published it, `days_ago` days back."""
    at = utcnow() - timedelta(days=days_ago)
    return envelope_for(data, subject=subject, unit=unit, actor="tester", time=at)


def assigned(doc_id: str, due: date, **overrides: Any) -> IncomingAssigned:
    """收文交办 to NNCB (lead) and LZCB, due on `due`."""
    fields = {
        "id": doc_id,
        "reg_no": f"收-{doc_id}",
        "classification": "none",
        "lead_unit": "NNCB",
        "assist_units": ["LZCB"],
        "due": due,
        "assigned_at": utcnow(),
        "reassigned": False,
    }
    return IncomingAssigned.model_validate({**fields, **overrides})


@contextlib.asynccontextmanager
async def served(app: FastAPI, port: int | None = None) -> AsyncIterator[str]:
    """An app already started (lifespan) served over real HTTP (on `port`, else a free one);
    yields its base URL."""
    port = port or free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="off", log_level="warning")
    )
    task = asyncio.create_task(server.serve())

    async def started() -> bool:
        return server.started

    await eventually(started)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


NNCB_MAIL = "nncb@example.gov.cn"


class Mailbox:
    """A local SMTP server that keeps what it is given; not listening until `start`."""

    def __init__(self) -> None:
        self.port = free_port()
        self.received: list[tuple[list[str], EmailMessage]] = []
        self.controller: Controller | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.received.append((list(envelope.rcpt_tos), message))
        return "250 OK"

    async def start(self) -> None:
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        await asyncio.to_thread(self.controller.start)

    async def stop(self) -> None:
        if self.controller is not None:
            await asyncio.to_thread(self.controller.stop)


def units_with_mail(tmp_path: Path) -> Path:
    """The sample registry, with an address for NNCB (and none for the others)."""
    registry = yaml.safe_load(SAMPLE_UNITS_FILE.read_text(encoding="utf-8"))
    for unit in registry["units"]:
        if unit["code"] == "NNCB":
            unit["email"] = NNCB_MAIL
    path = tmp_path / "units.yaml"
    path.write_text(yaml.safe_dump(registry, allow_unicode=True), encoding="utf-8")
    return path


def mail_settings(tmp_path: Path, mailbox: Mailbox, **extra: Any) -> dict[str, Any]:
    return {
        "units_file": units_with_mail(tmp_path),
        "smtp_host": "127.0.0.1",
        "smtp_port": mailbox.port,
        "smtp_starttls": False,
        "smtp_from": "office-notify@example.gov.cn",
        "mail_poll_s": 0.05,
        "mail_event_types": ("office.notify.reminder.>",),
        "reminder_poll_s": 0.05,
        "reminder_due_days_before": (3, 2),
        **extra,
    }


async def mails(stack: Any) -> list[MailMessage]:
    async with stack.apps["notify"].state.factory() as session:
        return list(await session.scalars(select(MailMessage).order_by(MailMessage.id)))


def certificates(tmp_path: Path, name: str) -> tuple[Path, ssl.SSLContext]:
    """A CA's certificate file and a server's TLS context with the CA's certificate for `name`."""
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "单位内网 CA")])
    ca = _certificate(ca_name, ca_name, ca_key.public_key(), ca_key, ca=True)
    leaf_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    leaf = _certificate(leaf_name, ca_name, key.public_key(), ca_key, ca=False, dns=name)
    ca_file, chain = tmp_path / "ca.pem", tmp_path / f"{name}.pem"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    pem_key = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    chain.write_bytes(leaf.public_bytes(serialization.Encoding.PEM) + pem_key)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(chain)
    return ca_file, context


def _certificate(
    subject: x509.Name, issuer: x509.Name, public: Any, signer: Any, *, ca: bool, dns: str | None = None
) -> x509.Certificate:
    now = datetime.now(UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if dns is not None:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(dns)]), critical=False)
    if ca:
        usage = dict.fromkeys(("content_commitment", "data_encipherment", "key_agreement"), False)
        builder = builder.add_extension(
            x509.KeyUsage(
                digital_signature=True, key_cert_sign=True, crl_sign=True, key_encipherment=False,
                encipher_only=False, decipher_only=False, **usage,
            ),
            critical=True,
        )  # fmt: skip
    return builder.sign(signer, hashes.SHA256())
