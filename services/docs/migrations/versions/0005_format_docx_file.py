"""outgoing: the draft's .docx (its size) and the codes of its last format check

Revision ID: 0004_format_docx
Revises: 0004_calendar
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004_format_docx'
down_revision: str | None = '0004_calendar'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('outgoing') as batch:
        batch.add_column(sa.Column('file_size', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('checked_codes', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('outgoing') as batch:
        batch.drop_column('checked_codes')
        batch.drop_column('file_size')
