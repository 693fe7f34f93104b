"""the outbox's unused last_error column is dropped (the relay never wrote it)

Revision ID: 0008_faststream
Revises: 0007_notices
"""

from collections.abc import Sequence

from shared.migrations import drop_outbox_last_error

revision: str = "0008_faststream"
down_revision: str | None = "0007_notices"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    drop_outbox_last_error()


def downgrade() -> None:
    pass  # a column nothing reads or writes
