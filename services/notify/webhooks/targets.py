"""Where a webhook may point, checked at registration and again before every delivery.

A URL is `https` (plain `http` only with `NOTIFY_WEBHOOK_ALLOW_HTTP`), and every address its
host resolves to is public: loopback, private (RFC 1918, ULA), link-local (with the cloud
metadata address 169.254.169.254), CGNAT, multicast, unspecified and reserved addresses are
refused, also inside IPv4-mapped, 6to4 and NAT64 forms. `NOTIFY_WEBHOOK_ALLOW_HOSTS` opens
exceptions (CIDRs, or host names whose addresses are then all allowed), e.g. a unit's
gateway inside the intranet. The name is resolved once: the delivery connects to the
address that was checked, with the name in the Host header and in TLS (SNI and the
certificate's check), so a second answer of the name's DNS (rebinding) is never used.
"""

import asyncio
import ipaddress
import re
import socket
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from services.notify.settings import NotifySettings

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
CGNAT = ipaddress.IPv4Network("100.64.0.0/10")
LABEL = r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"
HOST_NAME = re.compile(rf"^(?=.{{1,253}}$){LABEL}(\.{LABEL})*$")

REFUSED = "address refused"
UNRESOLVED = "name not resolved"


class Refused(Exception):
    """A URL the rules do not allow; `detail` for the person registering, `outcome` for a delivery."""

    def __init__(self, detail: str, *, outcome: str = REFUSED) -> None:
        super().__init__(detail)
        self.detail = detail
        self.outcome = outcome


@dataclass(frozen=True)
class Target:
    """The request to make: to the checked address, naming the host as the URL did."""

    url: httpx.URL
    host_header: str
    sni: str | None

    @property
    def extensions(self) -> dict[str, Any]:
        return {"sni_hostname": self.sni} if self.sni else {}


def host_name(entry: str) -> str:
    """A host name as compared: lower case, without the root's dot."""
    return entry.strip().lower().rstrip(".")


def allow_entry(entry: str) -> Network | str:
    """One entry of `NOTIFY_WEBHOOK_ALLOW_HOSTS`: a CIDR or address, else a host name."""
    try:
        return ipaddress.ip_network(entry.strip(), strict=False)
    except ValueError:
        name = host_name(entry)
        if not HOST_NAME.match(name):
            raise ValueError(f"not a CIDR, an address or a host name: {entry!r}") from None
        return name


def embedded_ipv4(address: Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries (mapped, 6to4, NAT64), which is where it leads."""
    if isinstance(address, ipaddress.IPv4Address):
        return None
    if address.ipv4_mapped is not None or address.sixtofour is not None:
        return address.ipv4_mapped or address.sixtofour
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_public(address: Address) -> bool:
    """Whether an address is on the public internet (and so no place of ours)."""
    inner = embedded_ipv4(address)
    if inner is not None and not is_public(inner):
        return False
    if isinstance(address, ipaddress.IPv6Address) and (address.ipv4_mapped is not None or address in NAT64):
        return True  # it stands for the IPv4 address, checked above
    special = (
        address.is_private,
        address.is_loopback,
        address.is_link_local,
        address.is_multicast,
        address.is_unspecified,
        address.is_reserved,
        isinstance(address, ipaddress.IPv4Address) and address in CGNAT,
        isinstance(address, ipaddress.IPv6Address) and address.is_site_local,
    )
    return address.is_global and not any(special)


@dataclass(frozen=True)
class Egress:
    """The rules of where webhooks go (from the settings), and the checking resolver."""

    allow_http: bool
    networks: tuple[Network, ...]
    names: frozenset[str]
    resolve_timeout_s: float

    @classmethod
    def of(cls, settings: "NotifySettings") -> "Egress":
        entries = [allow_entry(e) for e in settings.webhook_allow_hosts]
        return cls(
            allow_http=settings.webhook_allow_http,
            networks=tuple(e for e in entries if not isinstance(e, str)),
            names=frozenset(e for e in entries if isinstance(e, str)),
            resolve_timeout_s=settings.webhook_resolve_timeout_s,
        )

    def allowed(self, address: Address) -> bool:
        inner = embedded_ipv4(address)
        listed = any(address in n or (inner is not None and inner in n) for n in self.networks)
        return listed or is_public(address)

    async def check(self, url: str) -> Target:
        """The checked target of a URL, or Refused saying why."""
        try:
            parsed = httpx.URL(url)
        except httpx.InvalidURL as exc:
            raise Refused("Webhook 地址无效 (not a URL)") from exc
        schemes = ("https", "http") if self.allow_http else ("https",)
        if parsed.scheme not in schemes:
            raise Refused("Webhook 地址须为 https (the webhook URL must be https)")
        host = parsed.raw_host.decode("ascii")
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        addresses = await self._resolve(host, port)
        listed = host_name(host) in self.names
        if not listed and not all(
            self.allowed(a) for a in addresses
        ):  # not told which: no map of the intranet
            raise Refused("Webhook 地址须解析为公网地址 (the host must resolve to public addresses only)")
        return Target(
            url=parsed.copy_with(host=str(addresses[0])),
            host_header=parsed.netloc.decode("ascii"),
            sni=host if parsed.scheme == "https" and not _literal(host) else None,
        )

    async def _resolve(self, host: str, port: int) -> list[Address]:
        literal = _literal(host)
        if literal is not None:
            return [literal]
        loop = asyncio.get_running_loop()
        try:
            answers = await asyncio.wait_for(
                loop.getaddrinfo(host, port, type=socket.SOCK_STREAM), timeout=self.resolve_timeout_s
            )
        except (OSError, TimeoutError, UnicodeError):
            answers = []
        addresses = list(dict.fromkeys(ipaddress.ip_address(a[4][0]) for a in answers if _is_ip(a)))
        if not addresses:
            raise Refused(
                f"无法解析 Webhook 主机 {host} (the host name does not resolve)", outcome=UNRESOLVED
            )
        return addresses


def _literal(host: str) -> Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _is_ip(answer: tuple[Any, ...]) -> bool:
    return answer[0] in (socket.AF_INET, socket.AF_INET6)
