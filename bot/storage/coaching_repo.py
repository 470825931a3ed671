"""Coaching repository: review cards, the review log and reminder schedules. Returns core objects; never
commits (the service owns the transaction).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.coaching.attempts import Attempt
from bot.core.coaching.reminders import ReminderSchedule
from bot.core.coaching.report import Completion
from bot.core.coaching.srs import CardState, FamilyKey, ReviewCard, ReviewRating, ReviewRecord, as_utc
from bot.storage.coaching_models import ReminderRow, ReviewCardRow, ReviewLogRow
from bot.storage.models import Learner, LessonCompletion
from bot.storage.sql import insert


def family_hash(family: FamilyKey) -> str:
    return hashlib.sha256(family.id.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class LoggedReview:
    """A review-log row as the report and mastery need it."""

    learner_id: int
    attempt: Attempt
    section: str


@dataclass(frozen=True, slots=True)
class StoredReminder:
    learner_id: int
    community: str
    user: str
    schedule: ReminderSchedule
    next_at: datetime | None
    stopped_reason: str


def _card(row: ReviewCardRow) -> ReviewCard:
    return ReviewCard(
        family=FamilyKey(row.kind, row.objective, row.variant),
        lesson=row.lesson,
        section=row.section,
        state=CardState(row.state),
        step=row.step,
        stability=row.stability,
        difficulty=row.difficulty,
        due=row.due,
        last_review=row.last_review,
        reviews=row.reviews,
        failures=row.failures,
    )


def _card_values(card: ReviewCard) -> dict[str, object]:
    return {
        "lesson": card.lesson[:200],
        "section": card.section[:50],
        "state": str(card.state),
        "step": card.step,
        "stability": card.stability,
        "difficulty": card.difficulty,
        "due": card.due,
        "last_review": card.last_review,
        "reviews": card.reviews,
        "failures": card.failures,
    }


class CoachingRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    # --- review cards -------------------------------------------------------------------------------------

    async def card(
        self, learner_id: int, family: FamilyKey, *, for_update: bool = False
    ) -> ReviewCard | None:
        query = select(ReviewCardRow).where(
            ReviewCardRow.learner_id == learner_id, ReviewCardRow.family_hash == family_hash(family)
        )
        if for_update:
            query = query.with_for_update()
        row = await self._session.scalar(query)
        return _card(row) if row is not None else None

    async def cards(self, learner_id: int) -> list[ReviewCard]:
        rows = await self._session.scalars(
            select(ReviewCardRow).where(ReviewCardRow.learner_id == learner_id)
        )
        return [_card(row) for row in rows]

    async def save_card(self, learner_id: int, community: str, card: ReviewCard) -> None:
        """Insert or update the learner's card for ``card.family``."""
        values = _card_values(card)
        stmt = insert(self._session, ReviewCardRow).values(
            learner_id=learner_id,
            family_hash=family_hash(card.family),
            community=community,
            kind=card.family.kind,
            objective=card.family.objective,
            variant=card.family.variant,
            **values,
        )
        await self._session.execute(
            stmt.on_conflict_do_update(index_elements=["learner_id", "family_hash"], set_=values)
        )

    async def lessons_with_cards(self, learner_id: int) -> set[str]:
        rows = await self._session.scalars(
            select(ReviewCardRow.lesson).where(ReviewCardRow.learner_id == learner_id).distinct()
        )
        return set(rows)

    async def next_due(self, learner_id: int) -> datetime | None:
        return await self._session.scalar(
            select(func.min(ReviewCardRow.due)).where(
                ReviewCardRow.learner_id == learner_id, ReviewCardRow.state != str(CardState.NEW)
            )
        )

    async def due_count(self, learner_id: int, now: datetime) -> int:
        count = await self._session.scalar(
            select(func.count()).where(
                ReviewCardRow.learner_id == learner_id,
                ReviewCardRow.state != str(CardState.NEW),
                ReviewCardRow.due <= now,
            )
        )
        return int(count or 0)

    # --- review log ---------------------------------------------------------------------------------------

    async def log_review(
        self,
        learner_id: int,
        community: str,
        *,
        source_key: str,
        record: ReviewRecord,
        lesson: str,
        section: str,
        question_id: str,
        choice: str,
    ) -> int | None:
        """Append to the review log; ``None`` when ``source_key`` was already logged (a replay)."""
        family = record.family
        return await self._session.scalar(
            insert(self._session, ReviewLogRow)
            .values(
                learner_id=learner_id,
                community=community,
                source_key=source_key[:200],
                family_hash=family_hash(family),
                kind=family.kind,
                objective=family.objective,
                variant=family.variant,
                lesson=lesson[:200],
                section=section[:50],
                question_id=question_id[:200],
                correct=record.rating is ReviewRating.GOOD,
                choice=choice,
                state_before=str(record.state_before),
                due_after=record.due_after,
                stability_after=record.stability_after,
                difficulty_after=record.difficulty_after,
                reviewed_at=record.reviewed_at,
            )
            .on_conflict_do_nothing(index_elements=["learner_id", "source_key"])
            .returning(ReviewLogRow.id)
        )

    async def reviews_since(self, learner_id: int, since: datetime) -> list[ReviewRecord]:
        r = ReviewLogRow
        rows = await self._session.execute(
            select(r.kind, r.objective, r.variant, r.correct, r.reviewed_at, r.state_before, r.due_after)
            .add_columns(r.stability_after, r.difficulty_after)
            .where(r.learner_id == learner_id, r.reviewed_at >= since)
        )
        return [
            ReviewRecord(
                family=FamilyKey(row.kind, row.objective, row.variant),
                rating=ReviewRating.GOOD if row.correct else ReviewRating.AGAIN,
                reviewed_at=row.reviewed_at,
                state_before=CardState(row.state_before),
                due_after=row.due_after,
                stability_after=row.stability_after,
                difficulty_after=row.difficulty_after,
            )
            for row in rows
        ]

    async def logged(
        self, community: str, *, learner_id: int | None = None, lesson: str | None = None
    ) -> list[LoggedReview]:
        """Review-log rows of a community (optionally one learner or one lesson), oldest first."""
        r = ReviewLogRow
        conditions = [r.community == community]
        if learner_id is not None:
            conditions.append(r.learner_id == learner_id)
        if lesson is not None:
            conditions.append(r.lesson == lesson)
        rows = await self._session.execute(
            select(r.learner_id, r.lesson, r.kind, r.objective, r.variant, r.correct, r.reviewed_at)
            .add_columns(r.choice, r.question_id, r.section)
            .where(and_(*conditions))
            .order_by(r.reviewed_at, r.id)
        )
        return [
            LoggedReview(
                learner_id=row.learner_id,
                attempt=Attempt(
                    learner=str(row.learner_id),
                    lesson=row.lesson,
                    family=FamilyKey(row.kind, row.objective, row.variant),
                    correct=row.correct,
                    answered_at=as_utc(row.reviewed_at),
                    choice=row.choice,
                    question_id=row.question_id,
                ),
                section=row.section,
            )
            for row in rows
        ]

    # --- learners and completions -------------------------------------------------------------------------

    async def display_names(self, community: str) -> dict[int, str]:
        rows = await self._session.execute(
            select(Learner.id, Learner.display_name, Learner.user_id).where(Learner.community == community)
        )
        return {row.id: row.display_name or row.user_id for row in rows}

    async def completions(self, community: str, learner_id: int | None = None) -> list[Completion]:
        c = LessonCompletion
        query = (
            select(c.learner_id, c.lesson, c.first_passed_at, c.best_score, c.best_total)
            .join(Learner, Learner.id == c.learner_id)
            .where(Learner.community == community, c.first_passed_at.is_not(None))
        )
        if learner_id is not None:
            query = query.where(c.learner_id == learner_id)
        rows = await self._session.execute(query)
        return [
            Completion(
                learner=str(row.learner_id),
                lesson=row.lesson,
                completed_at=row.first_passed_at,
                best_score=row.best_score / row.best_total if row.best_total else 0.0,
            )
            for row in rows
        ]

    # --- reminders ----------------------------------------------------------------------------------------

    async def reminder(self, learner_id: int) -> StoredReminder | None:
        row = await self._session.scalar(select(ReminderRow).where(ReminderRow.learner_id == learner_id))
        return _reminder(row) if row is not None else None

    async def save_reminder(
        self,
        learner_id: int,
        community: str,
        user: str,
        schedule: ReminderSchedule,
        next_at: datetime | None,
        stopped_reason: str = "",
    ) -> None:
        values = {
            "enabled": schedule.enabled,
            "hour": schedule.hour,
            "timezone": schedule.timezone,
            "opted_in_at": schedule.opted_in_at,
            "last_sent": schedule.last_sent,
            "last_activity": schedule.last_activity,
            "next_at": next_at,
            "stopped_reason": stopped_reason[:32],
        }
        stmt = insert(self._session, ReminderRow).values(
            learner_id=learner_id, community=community, user_id=user, **values
        )
        await self._session.execute(stmt.on_conflict_do_update(index_elements=["learner_id"], set_=values))

    async def count_sent(self, learner_id: int) -> None:
        await self._session.execute(
            update(ReminderRow)
            .where(ReminderRow.learner_id == learner_id)
            .values(sent_count=ReminderRow.sent_count + 1)
        )

    async def due_reminders(self, now: datetime, limit: int = 500) -> list[StoredReminder]:
        """Enabled reminders whose time has come, locked for this transaction (PostgreSQL skips rows another
        process is claiming; SQLite's write transactions are serialized anyway)."""
        rows = await self._session.scalars(
            select(ReminderRow)
            .where(ReminderRow.enabled.is_(True), ReminderRow.next_at <= now)
            .order_by(ReminderRow.next_at, ReminderRow.learner_id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return [_reminder(row) for row in rows]

    async def next_reminder_at(self) -> datetime | None:
        return await self._session.scalar(
            select(func.min(ReminderRow.next_at)).where(ReminderRow.enabled.is_(True))
        )


def _reminder(row: ReminderRow) -> StoredReminder:
    schedule = ReminderSchedule(
        enabled=row.enabled,
        hour=row.hour,
        timezone=row.timezone,
        opted_in_at=row.opted_in_at,
        last_sent=row.last_sent,
        last_activity=row.last_activity,
    )
    return StoredReminder(
        row.learner_id, row.community, row.user_id, schedule, row.next_at, row.stopped_reason
    )
