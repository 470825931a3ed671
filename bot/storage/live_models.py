"""Study-group tables: live quizzes (questions, answers per member with time), weekly challenge attempts and
announcement channels, level-role tiers and level-up announcement settings.

Same declarative ``Base`` as :mod:`bot.storage.models` (listed in its ``MODEL_MODULES``); created by the
Alembic revision ``0004_study_groups``. Rows about a learner reference ``learners.id`` with
``ON DELETE CASCADE`` so privacy export and forget cover them.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models import Base, UTCDateTime, learner_fk


def _quiz_fk() -> ForeignKey:
    return ForeignKey("live_quizzes.id", ondelete="CASCADE")


class LiveQuizRow(Base):
    __tablename__ = "live_quizzes"
    __table_args__ = (Index("ix_live_quizzes_status_updated_at", "status", "updated_at"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    community: Mapped[str] = mapped_column(String(64))
    channel_id: Mapped[str] = mapped_column(String(32))
    host_id: Mapped[str] = mapped_column(String(100))
    lesson: Mapped[str] = mapped_column(String(200))
    lesson_title: Mapped[str] = mapped_column(String(200))
    seconds: Mapped[int] = mapped_column(Integer)
    count: Mapped[int] = mapped_column(Integer)
    lang: Mapped[str] = mapped_column(String(8), default="fr", server_default="fr")
    status: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # current question
    xp_done: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class LiveChannelRow(Base):
    """At most one running live quiz per channel: the primary key is the lock."""

    __tablename__ = "live_channels"

    channel_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    quiz_id: Mapped[str] = mapped_column(_quiz_fk(), index=True)


class LiveQuestionRow(Base):
    __tablename__ = "live_questions"

    quiz_id: Mapped[str] = mapped_column(_quiz_fk(), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[str] = mapped_column(String(200))
    data: Mapped[str] = mapped_column(Text)  # JSON: prompt, choices, correct, explanation (both languages)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    paused_remaining_ms: Mapped[int | None] = mapped_column(Integer)
    closed: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    message_id: Mapped[str | None] = mapped_column(String(32))


class LiveAnswerRow(Base):
    __tablename__ = "live_answers"

    quiz_id: Mapped[str] = mapped_column(_quiz_fk(), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = mapped_column(learner_fk(), primary_key=True, index=True)
    user_id: Mapped[str] = mapped_column(String(100))
    display_name: Mapped[str] = mapped_column(String(100), default="", server_default="")
    choice: Mapped[int] = mapped_column(SmallInteger)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime())
    changes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class ChallengeAttemptRow(Base):
    """One weekly challenge attempt per learner; the answers live in the quiz run ``run_id``."""

    __tablename__ = "challenge_attempts"

    community: Mapped[str] = mapped_column(String(64), primary_key=True)
    week_start: Mapped[date] = mapped_column(Date, primary_key=True)
    learner_id: Mapped[int] = mapped_column(learner_fk(), primary_key=True, index=True)
    user_id: Mapped[str] = mapped_column(String(100))
    run_id: Mapped[str] = mapped_column(String(32))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ChallengeChannelRow(Base):
    __tablename__ = "challenge_channels"

    community: Mapped[str] = mapped_column(String(64), primary_key=True)
    channel_id: Mapped[str] = mapped_column(String(32))
    last_announced: Mapped[date | None] = mapped_column(Date)  # Monday of the last announced week
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class LevelRoleTierRow(Base):
    __tablename__ = "level_role_tiers"
    __table_args__ = (UniqueConstraint("community", "role_id"),)

    community: Mapped[str] = mapped_column(String(64), primary_key=True)
    level: Mapped[int] = mapped_column(Integer, primary_key=True)
    role_id: Mapped[str] = mapped_column(String(32))


class LevelRoleSettingsRow(Base):
    __tablename__ = "level_role_settings"

    community: Mapped[str] = mapped_column(String(64), primary_key=True)
    remove_previous: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    announce: Mapped[str] = mapped_column(String(16), default="channel", server_default="channel")
    announce_channel: Mapped[str | None] = mapped_column(String(32))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
