"""Coaching tables: review cards (FSRS state per learner and question family), the review log and reminders.

Same declarative ``Base`` and metadata as :mod:`bot.storage.models` (listed in its ``MODEL_MODULES``);
created by the Alembic revision ``0002_coaching``. A family is stored as its parts plus ``family_hash`` (a
SHA-256 of the family id), which keys the card without indexing a long objective text.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Float,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models import Base, BigId, UTCDateTime, learner_fk


class ReviewCardRow(Base):
    __tablename__ = "review_cards"
    __table_args__ = (
        Index("ix_review_cards_learner_due", "learner_id", "due"),
        Index("ix_review_cards_community_lesson", "community", "lesson"),
        CheckConstraint("reviews >= 0 AND failures >= 0", name="counts_not_negative"),
    )

    learner_id: Mapped[int] = mapped_column(learner_fk(), primary_key=True)
    family_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    community: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(50))
    objective: Mapped[str] = mapped_column(String(500))
    variant: Mapped[str] = mapped_column(String(200))
    lesson: Mapped[str] = mapped_column(String(200))
    section: Mapped[str] = mapped_column(String(50))
    state: Mapped[str] = mapped_column(String(16))
    step: Mapped[int | None] = mapped_column(SmallInteger)
    stability: Mapped[float | None] = mapped_column(Float)
    difficulty: Mapped[float | None] = mapped_column(Float)
    due: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_review: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reviews: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class ReviewLogRow(Base):
    __tablename__ = "review_log"
    __table_args__ = (
        UniqueConstraint("learner_id", "source_key"),
        Index("ix_review_log_learner_reviewed_at", "learner_id", "reviewed_at"),
        Index("ix_review_log_community_reviewed_at", "community", "reviewed_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    learner_id: Mapped[int] = mapped_column(learner_fk())
    community: Mapped[str] = mapped_column(String(64))
    source_key: Mapped[str] = mapped_column(String(200))
    family_hash: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(50))
    objective: Mapped[str] = mapped_column(String(500))
    variant: Mapped[str] = mapped_column(String(200))
    lesson: Mapped[str] = mapped_column(String(200))
    section: Mapped[str] = mapped_column(String(50))
    question_id: Mapped[str] = mapped_column(String(200))
    correct: Mapped[bool] = mapped_column(Boolean)
    choice: Mapped[str] = mapped_column(Text)
    state_before: Mapped[str] = mapped_column(String(16))
    due_after: Mapped[datetime] = mapped_column(UTCDateTime())
    stability_after: Mapped[float] = mapped_column(Float)
    difficulty_after: Mapped[float] = mapped_column(Float)
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ReminderRow(Base):
    __tablename__ = "reminders"
    __table_args__ = (
        Index("ix_reminders_enabled_next_at", "enabled", "next_at"),
        CheckConstraint("hour BETWEEN 0 AND 23", name="hour_range"),
    )

    learner_id: Mapped[int] = mapped_column(learner_fk(), primary_key=True)
    community: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(String(100))
    enabled: Mapped[bool] = mapped_column(Boolean)
    hour: Mapped[int] = mapped_column(SmallInteger)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC", server_default="UTC")
    opted_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_sent: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_activity: Mapped[datetime | None] = mapped_column(UTCDateTime())
    next_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # the loop wakes for the earliest
    sent_count: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    stopped_reason: Mapped[str] = mapped_column(String(32), default="", server_default="")
