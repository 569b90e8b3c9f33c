"""Create the profiles table.

Revision ID: 0001
Revises:
Create Date: 2026-11-25

Written out in full rather than imported from models.py: a migration is a frozen record of the
schema at that version and must not change when the models do.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "profiles",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=False),
        sa.Column("sender_id", sa.String(length=255), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("birth_time", sa.Time(timezone=False), nullable=True),
        sa.Column("time_known", sa.Boolean(), nullable=False),
        sa.Column("place_label", sa.Text(), nullable=False),
        sa.Column("latitude", sa.Double(), nullable=False),
        sa.Column("longitude", sa.Double(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profiles")),
        sa.UniqueConstraint("channel", "sender_id", name=op.f("uq_profiles_channel_sender_id")),
        sa.CheckConstraint("latitude BETWEEN -90 AND 90", name=op.f("ck_profiles_latitude_range")),
        sa.CheckConstraint("longitude BETWEEN -180 AND 180", name=op.f("ck_profiles_longitude_range")),
        sa.CheckConstraint("NOT time_known OR birth_time IS NOT NULL", name=op.f("ck_profiles_known_time_present")),
    )


def downgrade() -> None:
    op.drop_table("profiles")
