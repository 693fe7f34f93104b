"""an outgoing document keeps the registry units its dispatch reached (groups resolved)

Revision ID: 0007_notices
Revises: 0006_sec_docs
Create Date: 2026-12-02 01:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_notices"
down_revision: str | None = "0006_sec_docs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outgoing", schema=None) as batch_op:
        batch_op.add_column(sa.Column("recipient_units", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outgoing", schema=None) as batch_op:
        batch_op.drop_column("recipient_units")
