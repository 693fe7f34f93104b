"""The suite's common library: settings, database, events, outbox, consumer, auth, app factory."""
