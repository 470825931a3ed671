"""level marks: per-learner handled level, and the channel quiz runs are played in

Revision ID: 0005_level_marks
Revises: 0004_study_groups
Create Date: 2026-11-27 22:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_level_marks"
down_revision: str | Sequence[str] | None = "0004_study_groups"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "level_marks",
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learners.id"],
            name=op.f("fk_level_marks_learner_id_learners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("learner_id", name=op.f("pk_level_marks")),
    )
    # Every existing learner's level counts as handled: no flood of old announcements after the upgrade.
    op.execute("INSERT INTO level_marks (learner_id, level) SELECT learner_id, level FROM learner_totals")
    with op.batch_alter_table("quiz_runs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("channel_id", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("quiz_runs", schema=None) as batch_op:
        batch_op.drop_column("channel_id")
    op.drop_table("level_marks")
