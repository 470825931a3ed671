"""quiz runs: quizzes in progress (Discord buttons keep working across restarts and processes)

Revision ID: 0003_quiz_runs
Revises: 0002_coaching
Create Date: 2026-11-27 20:38:56.208364
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_quiz_runs"
down_revision: str | Sequence[str] | None = "0002_coaching"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "quiz_runs",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("community", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=100), nullable=False),
        sa.Column("lesson", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=50), nullable=True),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("seed", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("answers", sa.Text(), server_default="[]", nullable=False),
        sa.Column("position", sa.Integer(), server_default="0", nullable=False),
        sa.Column("private", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("status", sa.String(length=16), server_default="active", nullable=False),
        sa.Column("xp_gained", sa.Integer(), server_default="0", nullable=False),
        sa.Column("leveled_up", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("message_id", sa.String(length=32), nullable=True),
        sa.Column("token", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["learner_id"], ["learners.id"], name=op.f("fk_quiz_runs_learner_id_learners"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quiz_runs")),
    )
    with op.batch_alter_table("quiz_runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quiz_runs_learner_id"), ["learner_id"], unique=False)
        batch_op.create_index("ix_quiz_runs_status_updated_at", ["status", "updated_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("quiz_runs", schema=None) as batch_op:
        batch_op.drop_index("ix_quiz_runs_status_updated_at")
        batch_op.drop_index(batch_op.f("ix_quiz_runs_learner_id"))

    op.drop_table("quiz_runs")
