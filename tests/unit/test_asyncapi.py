"""The event catalogue lists every contract with its subject, version and data schema."""

from shared.asyncapi import contracts, document
from shared.contracts import IncomingRegistered


def test_every_contract_is_a_message_on_its_subject() -> None:
    catalogue = document()
    assert catalogue["asyncapi"] == "3.0.0"
    addresses = {c["address"] for c in catalogue["channels"].values()}
    assert {c.subject() for c in contracts()} == addresses
    assert "office.docs.incoming.registered" in addresses


def test_a_message_carries_the_envelope_and_its_data_schema() -> None:
    message = document("docs")["components"]["messages"]["IncomingRegisteredV1"]
    payload = message["payload"]
    assert payload["properties"]["type"] == {"const": "office.docs.incoming.registered.v1"}
    assert {"specversion", "id", "source", "subject", "unit", "actor"} <= set(payload["properties"])
    assert "received_at" in payload["properties"]["data"]["properties"]
    assert message["headers"]["properties"]["Nats-Msg-Id"] == {"type": "string"}


def test_a_services_catalogue_holds_only_its_events() -> None:
    docs = document("docs")
    assert all(c["address"].startswith("office.docs.") for c in docs["channels"].values())
    assert IncomingRegistered in contracts()
