"""a stored Idempotency-Key answer keeps the fingerprint of its request body

Revision ID: 0004_tidy
Revises: 0003_faststream
"""

from collections.abc import Sequence

from shared.migrations import add_idempotency_fingerprint

revision: str = "0004_tidy"
down_revision: str | None = "0003_faststream"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    add_idempotency_fingerprint()


def downgrade() -> None:
    pass  # a nullable column older code never reads
