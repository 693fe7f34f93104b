"""rooms have an owning unit; the rooms there before it belong to the office (GO)

Revision ID: 0003_sec_rules
Revises: 0003_ics
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_sec_rules"
down_revision: str | None = "0003_ics"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("rooms") as batch:
        batch.add_column(sa.Column("unit", sa.String(length=20), server_default="GO", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("rooms") as batch:
        batch.drop_column("unit")
