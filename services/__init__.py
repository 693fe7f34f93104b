"""The six services; none imports another (see .importlinter)."""
