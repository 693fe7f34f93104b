"""Signed webhooks for units that cannot speak NATS: registrations, deliveries, the worker."""
