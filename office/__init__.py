"""The `office` command and the local launcher: operators' tools, kept apart from the library
(`shared/`) the services import; `.importlinter` forbids services and `shared` to import them."""
