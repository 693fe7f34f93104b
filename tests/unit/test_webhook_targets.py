"""Which addresses count as public for a webhook, and what NOTIFY_WEBHOOK_ALLOW_HOSTS accepts."""

import ipaddress

import pytest
from pydantic import ValidationError

from services.notify.settings import NotifySettings
from services.notify.webhooks.targets import allow_entry, is_public


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True),
        ("2001:4860::8888", True),
        ("::ffff:93.184.215.14", True),  # IPv4-mapped: where it leads counts
        ("2002:5db8:d70e::1", True),  # 6to4 of a public address
        ("64:ff9b::5db8:d70e", True),  # NAT64 of a public address
        ("127.0.0.1", False),
        ("10.0.0.1", False),
        ("172.31.255.255", False),
        ("192.168.0.1", False),
        ("169.254.169.254", False),
        ("100.127.255.254", False),
        ("224.0.0.251", False),
        ("0.0.0.0", False),
        ("240.0.0.1", False),
        ("192.0.2.1", False),  # documentation range
        ("fc00::1", False),
        ("fe80::1", False),
        ("fec0::1", False),  # site-local
        ("ff05::2", False),
        ("::", False),
        ("::1", False),
        ("::ffff:192.168.0.1", False),
        ("2002:a00:1::", False),  # 6to4 of 10.0.0.1
        ("64:ff9b::a9fe:a9fe", False),  # NAT64 of 169.254.169.254
    ],
)
def test_what_is_public(address: str, public: bool) -> None:
    assert is_public(ipaddress.ip_address(address)) is public


def test_the_allow_list_takes_cidrs_addresses_and_names() -> None:
    assert allow_entry("10.20.0.0/16") == ipaddress.ip_network("10.20.0.0/16")
    assert allow_entry("10.20.0.7") == ipaddress.ip_network("10.20.0.7/32")
    assert allow_entry(" GW.nncb.Example. ") == "gw.nncb.example"
    settings = NotifySettings(webhook_allow_hosts=("fd00::/8", "gw.nncb.example"))
    assert settings.webhook_allow_hosts == ("fd00::/8", "gw.nncb.example")


@pytest.mark.parametrize("entry", ["gw nncb", "http://gw.nncb.example", "10.0.0.0/33", "-gw.example", ""])
def test_a_bad_allow_list_entry_stops_the_service_naming_it(entry: str) -> None:
    with pytest.raises(ValidationError, match="not a CIDR, an address or a host name"):
        NotifySettings(webhook_allow_hosts=(entry,))
