"""learners, XP ledger, totals, attempts, completions, community settings

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "community_settings",
        sa.Column("community", sa.String(length=64), nullable=False),
        sa.Column("timezone", sa.String(length=64), server_default="UTC", nullable=False),
        sa.Column("locale", sa.String(length=16), server_default="fr", nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("community", name=op.f("pk_community_settings")),
    )
    op.create_table(
        "explain_channels",
        sa.Column("community", sa.String(length=64), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("community", "channel_id", name=op.f("pk_explain_channels")),
    )
    op.create_table(
        "learners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=100), nullable=False),
        sa.Column("display_name", sa.String(length=100), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learners")),
        sa.UniqueConstraint("community", "user_id", name=op.f("uq_learners_community_user_id")),
    )
    op.create_table(
        "attempts",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("source_key", sa.String(length=200), nullable=False),
        sa.Column("question_id", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=50), nullable=False),
        sa.Column("lesson", sa.String(length=200), nullable=False),
        sa.Column("objective", sa.String(length=500), nullable=False),
        sa.Column("difficulty", sa.SmallInteger(), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("choice", sa.Text(), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("answer_ms", sa.Integer(), nullable=True),
        sa.Column("xp_awarded", sa.Integer(), server_default="0", nullable=False),
        sa.CheckConstraint("difficulty BETWEEN 1 AND 3", name=op.f("ck_attempts_difficulty_range")),
        sa.ForeignKeyConstraint(
            ["learner_id"], ["learners.id"], name=op.f("fk_attempts_learner_id_learners"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attempts")),
        sa.UniqueConstraint("learner_id", "source_key", name=op.f("uq_attempts_learner_id_source_key")),
    )
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.create_index("ix_attempts_learner_question", ["learner_id", "question_id"], unique=False)

    op.create_table(
        "learner_totals",
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("community", sa.String(length=64), nullable=False),
        sa.Column("xp", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("level", sa.Integer(), server_default="0", nullable=False),
        sa.Column("streak", sa.Integer(), server_default="0", nullable=False),
        sa.Column("best_streak", sa.Integer(), server_default="0", nullable=False),
        sa.Column("last_active_day", sa.Date(), nullable=True),
        sa.Column("xp_reached_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("xp >= 0", name=op.f("ck_learner_totals_xp_not_negative")),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learners.id"],
            name=op.f("fk_learner_totals_learner_id_learners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("learner_id", name=op.f("pk_learner_totals")),
    )
    with op.batch_alter_table("learner_totals", schema=None) as batch_op:
        batch_op.create_index(
            "ix_learner_totals_rank",
            ["community", sa.text("xp DESC"), "xp_reached_at", "learner_id"],
            unique=False,
        )

    op.create_table(
        "lesson_completions",
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("lesson", sa.String(length=200), nullable=False),
        sa.Column("best_score", sa.Integer(), nullable=False),
        sa.Column("best_total", sa.Integer(), nullable=False),
        sa.Column("quizzes", sa.Integer(), nullable=False),
        sa.Column("passes", sa.Integer(), nullable=False),
        sa.Column("first_passed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_finished_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learners.id"],
            name=op.f("fk_lesson_completions_learner_id_learners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("learner_id", "lesson", name=op.f("pk_lesson_completions")),
    )
    op.create_table(
        "quiz_results",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("source_key", sa.String(length=200), nullable=False),
        sa.Column("lesson", sa.String(length=200), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("xp_awarded", sa.Integer(), server_default="0", nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("score >= 0 AND score <= total", name=op.f("ck_quiz_results_score_range")),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learners.id"],
            name=op.f("fk_quiz_results_learner_id_learners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quiz_results")),
        sa.UniqueConstraint("learner_id", "source_key", name=op.f("uq_quiz_results_learner_id_source_key")),
    )
    op.create_table(
        "weekly_xp",
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("community", sa.String(length=64), nullable=False),
        sa.Column("xp", sa.BigInteger(), nullable=False),
        sa.Column("reached_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["learner_id"], ["learners.id"], name=op.f("fk_weekly_xp_learner_id_learners"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("learner_id", "week_start", name=op.f("pk_weekly_xp")),
    )
    with op.batch_alter_table("weekly_xp", schema=None) as batch_op:
        batch_op.create_index(
            "ix_weekly_xp_rank",
            ["community", "week_start", sa.text("xp DESC"), "reached_at", "learner_id"],
            unique=False,
        )

    op.create_table(
        "xp_ledger",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("community", sa.String(length=64), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("source_key", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["learner_id"], ["learners.id"], name=op.f("fk_xp_ledger_learner_id_learners"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_xp_ledger")),
        sa.UniqueConstraint("learner_id", "source_key", name=op.f("uq_xp_ledger_learner_id_source_key")),
    )
    with op.batch_alter_table("xp_ledger", schema=None) as batch_op:
        batch_op.create_index("ix_xp_ledger_community_at", ["community", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("xp_ledger", schema=None) as batch_op:
        batch_op.drop_index("ix_xp_ledger_community_at")

    op.drop_table("xp_ledger")
    with op.batch_alter_table("weekly_xp", schema=None) as batch_op:
        batch_op.drop_index("ix_weekly_xp_rank")

    op.drop_table("weekly_xp")
    op.drop_table("quiz_results")
    op.drop_table("lesson_completions")
    with op.batch_alter_table("learner_totals", schema=None) as batch_op:
        batch_op.drop_index("ix_learner_totals_rank")

    op.drop_table("learner_totals")
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_attempts_learner_question")

    op.drop_table("attempts")
    op.drop_table("learners")
    op.drop_table("explain_channels")
    op.drop_table("community_settings")
