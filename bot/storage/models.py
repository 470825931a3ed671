"""The database schema: typed SQLAlchemy 2 models. Every change here needs an Alembic revision.

Tables
* ``learners``: one row per (community, user); ``learner_totals``: their XP, level and streaks (one row each,
  updated with atomic SQL in the same transaction as the ledger).
* ``xp_ledger``: every XP change, with a source key unique per learner (the idempotency key).
* ``weekly_xp``: per learner and week (the local date of its Monday), the XP earned that week — kept in the
  same transaction as the ledger so the weekly leaderboard reads an index instead of summing the ledger.
* ``attempts``: every answer given; ``quiz_results``: every finished quiz; ``lesson_completions``: best score
  and first pass per lesson.
* ``community_settings`` (time zone, locale) and ``explain_channels``.

Other tables that reference ``learners.id`` must use ``ondelete="CASCADE"`` so forgetting a learner works.
"""

from __future__ import annotations

import importlib
from datetime import UTC, date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Modules whose models belong to the schema (Alembic's env and the drift test import them all).
MODEL_MODULES: tuple[str, ...] = (
    "bot.storage.models",
    "bot.storage.coaching_models",
    "bot.storage.quiz_runs",
    "bot.storage.live_models",
    "bot.storage.level_marks",
)

# A 64-bit auto-increment key; SQLite only auto-increments an INTEGER PRIMARY KEY.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every backend (SQLite stores it as naive UTC text)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def load_all_models() -> MetaData:
    """Import every model module and return the complete metadata."""
    for name in MODEL_MODULES:
        importlib.import_module(name)
    return Base.metadata


def learner_fk() -> ForeignKey:
    """A reference to a learner; the row goes when the learner is forgotten."""
    return ForeignKey("learners.id", ondelete="CASCADE")


class Learner(Base):
    __tablename__ = "learners"
    __table_args__ = (UniqueConstraint("community", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(String(100))
    display_name: Mapped[str] = mapped_column(String(100), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class LearnerTotals(Base):
    __tablename__ = "learner_totals"
    __table_args__ = (CheckConstraint("xp >= 0", name="xp_not_negative"),)

    learner_id: Mapped[int] = mapped_column(learner_fk(), primary_key=True)
    community: Mapped[str] = mapped_column(String(64))
    xp: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    level: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    streak: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    best_streak: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_active_day: Mapped[date | None] = mapped_column(Date)
    xp_reached_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class LedgerEntry(Base):
    __tablename__ = "xp_ledger"
    __table_args__ = (
        UniqueConstraint("learner_id", "source_key"),
        Index("ix_xp_ledger_community_at", "community", "at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    learner_id: Mapped[int] = mapped_column(learner_fk())
    community: Mapped[str] = mapped_column(String(64))
    amount: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(200))
    source_key: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class WeeklyXp(Base):
    __tablename__ = "weekly_xp"
    learner_id: Mapped[int] = mapped_column(learner_fk(), primary_key=True)
    week_start: Mapped[date] = mapped_column(Date, primary_key=True)
    community: Mapped[str] = mapped_column(String(64))
    xp: Mapped[int] = mapped_column(BigInteger)
    reached_at: Mapped[datetime] = mapped_column(UTCDateTime())


# Leaderboards walk these in order: most XP first, then whoever reached it first.
Index(
    "ix_learner_totals_rank",
    LearnerTotals.community,
    LearnerTotals.xp.desc(),
    LearnerTotals.xp_reached_at,
    LearnerTotals.learner_id,
)
Index(
    "ix_weekly_xp_rank",
    WeeklyXp.community,
    WeeklyXp.week_start,
    WeeklyXp.xp.desc(),
    WeeklyXp.reached_at,
    WeeklyXp.learner_id,
)


class Attempt(Base):
    __tablename__ = "attempts"
    __table_args__ = (
        UniqueConstraint("learner_id", "source_key"),
        Index("ix_attempts_learner_question", "learner_id", "question_id"),
        CheckConstraint("difficulty BETWEEN 1 AND 3", name="difficulty_range"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    learner_id: Mapped[int] = mapped_column(learner_fk())
    source_key: Mapped[str] = mapped_column(String(200))
    question_id: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(50))
    lesson: Mapped[str] = mapped_column(String(200))
    objective: Mapped[str] = mapped_column(String(500))
    difficulty: Mapped[int] = mapped_column(SmallInteger)
    correct: Mapped[bool] = mapped_column(Boolean)
    choice: Mapped[str] = mapped_column(Text)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime())
    day: Mapped[date] = mapped_column(Date)  # local calendar day in the community's time zone
    answer_ms: Mapped[int | None] = mapped_column(Integer)
    xp_awarded: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class QuizResult(Base):
    __tablename__ = "quiz_results"
    __table_args__ = (
        UniqueConstraint("learner_id", "source_key"),
        CheckConstraint("score >= 0 AND score <= total", name="score_range"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    learner_id: Mapped[int] = mapped_column(learner_fk())
    source_key: Mapped[str] = mapped_column(String(200))
    lesson: Mapped[str] = mapped_column(String(200))
    score: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    passed: Mapped[bool] = mapped_column(Boolean)
    xp_awarded: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    finished_at: Mapped[datetime] = mapped_column(UTCDateTime())


class LessonCompletion(Base):
    __tablename__ = "lesson_completions"

    learner_id: Mapped[int] = mapped_column(learner_fk(), primary_key=True)
    lesson: Mapped[str] = mapped_column(String(200), primary_key=True)
    best_score: Mapped[int] = mapped_column(Integer)
    best_total: Mapped[int] = mapped_column(Integer)
    quizzes: Mapped[int] = mapped_column(Integer)  # finished quizzes on this lesson
    passes: Mapped[int] = mapped_column(Integer)
    first_passed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_finished_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CommunitySettings(Base):
    __tablename__ = "community_settings"

    community: Mapped[str] = mapped_column(String(64), primary_key=True)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC", server_default="UTC")
    locale: Mapped[str] = mapped_column(String(16), default="fr", server_default="fr")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ExplainChannel(Base):
    __tablename__ = "explain_channels"

    community: Mapped[str] = mapped_column(String(64), primary_key=True)
    channel_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())
