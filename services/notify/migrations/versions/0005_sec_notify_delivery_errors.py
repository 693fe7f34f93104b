"""delivery errors say what failed: the receivers' answers kept in last_error are dropped

Revision ID: 0005_sec_notify
Revises: 0004
Create Date: 2026-12-01 22:05:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005_sec_notify"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "UPDATE webhook_deliveries SET last_error = 'HTTP ' || CAST(last_status AS VARCHAR(3)) "
        "WHERE last_status IS NOT NULL AND last_error IS NOT NULL"
    )
    op.execute(
        "UPDATE webhook_deliveries SET last_error = CASE WHEN last_error LIKE '%Timeout%' "
        "THEN 'timed out' WHEN last_error LIKE 'Connect%' THEN 'connect failed' ELSE 'request failed' END "
        "WHERE last_status IS NULL AND last_error IS NOT NULL"
    )


def downgrade() -> None:
    pass  # what the receivers answered is not kept
