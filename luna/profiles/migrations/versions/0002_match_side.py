"""Remember which side of a kundli match the person is (the koota tables are not symmetric).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Batch mode: SQLite can only add a check constraint by rebuilding the table.
    with op.batch_alter_table("profiles") as batch:
        batch.add_column(sa.Column("match_side", sa.String(length=8), nullable=True))
        batch.create_check_constraint("match_side_known", "match_side IS NULL OR match_side IN ('boy', 'girl')")


def downgrade() -> None:
    with op.batch_alter_table("profiles") as batch:
        batch.drop_constraint("match_side_known", type_="check")
        batch.drop_column("match_side")
