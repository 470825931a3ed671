"""Learners, their totals, the XP ledger, attempts and quiz results. Never commits; returns core values.

Every counter changes with atomic SQL (``SET xp = xp + :n``) so concurrent transactions never lose an
update; every event row is inserted with ``ON CONFLICT DO NOTHING`` on a per-learner unique source key, which
makes replays (double clicks, retries after a crash) no-ops.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, case, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.communities import DEFAULT_TIMEZONE
from bot.core.learners import LearnerKey
from bot.core.progress import Credit, LearnerTotals
from bot.core.xp import NegativeBalanceError, level_for
from bot.storage.models import Attempt, Learner, LedgerEntry, LessonCompletion, QuizResult, WeeklyXp
from bot.storage.models import CommunitySettings as SettingsRow
from bot.storage.models import LearnerTotals as TotalsRow
from bot.storage.sql import insert, utc


@dataclass(frozen=True, slots=True)
class AttemptRecord:
    source_key: str
    question_id: str
    kind: str
    lesson: str
    objective: str
    difficulty: int
    correct: bool
    choice: str
    answered_at: datetime
    day: date
    answer_ms: int | None


@dataclass(frozen=True, slots=True)
class LessonBest:
    best_score: int
    best_total: int
    passes: int


class ProgressRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def find(self, learner: LearnerKey) -> int | None:
        query = select(Learner.id).where(
            Learner.community == learner.community, Learner.user_id == learner.user
        )
        return await self._session.scalar(query)

    async def identify(self, learner: LearnerKey, at: datetime) -> tuple[int, str]:
        """The learner's id (created if needed, name refreshed) and the community's time zone name.

        One round trip when the learner exists: both are read by a single SELECT of scalar subqueries.
        """
        same = (Learner.community == learner.community, Learner.user_id == learner.user)
        row = (
            await self._session.execute(
                select(
                    select(SettingsRow.timezone)
                    .where(SettingsRow.community == learner.community)
                    .scalar_subquery()
                    .label("timezone"),
                    select(Learner.id).where(*same).scalar_subquery().label("id"),
                    select(Learner.display_name).where(*same).scalar_subquery().label("display_name"),
                )
            )
        ).one()
        timezone = row.timezone or DEFAULT_TIMEZONE
        if row.id is None:
            return await self._create(learner, at), timezone
        if learner.display_name and row.display_name != learner.display_name:
            await self._session.execute(
                update(Learner).where(Learner.id == row.id).values(display_name=learner.display_name)
            )
        return int(row.id), timezone

    async def ensure(self, learner: LearnerKey, at: datetime) -> int:
        """The learner's id, creating the learner and its totals row if needed (and refreshing the name)."""
        learner_id, _timezone = await self.identify(learner, at)
        return learner_id

    async def _create(self, learner: LearnerKey, at: datetime) -> int:
        created = await self._session.scalar(
            insert(self._session, Learner)
            .values(
                community=learner.community,
                user_id=learner.user,
                display_name=learner.display_name,
                created_at=at,
            )
            .on_conflict_do_nothing(index_elements=["community", "user_id"])
            .returning(Learner.id)
        )
        learner_id = created if created is not None else await self.find(learner)
        if learner_id is None:  # pragma: no cover - the row exists once the conflicting insert committed
            raise RuntimeError(f"could not create learner {learner}")
        await self._session.execute(
            insert(self._session, TotalsRow)
            .values(learner_id=learner_id, community=learner.community)
            .on_conflict_do_nothing(index_elements=["learner_id"])
        )
        return int(learner_id)

    async def totals(self, learner_id: int) -> LearnerTotals:
        t = TotalsRow
        found = await self._session.execute(
            select(t.xp, t.level, t.streak, t.best_streak, t.last_active_day, t.xp_reached_at).where(
                t.learner_id == learner_id
            )
        )
        row = found.first()
        if row is None:
            return LearnerTotals()
        return LearnerTotals(
            xp=int(row.xp),
            level=row.level,
            streak=row.streak,
            best_streak=row.best_streak,
            last_active_day=row.last_active_day,
            xp_reached_at=row.xp_reached_at,
        )

    async def touch_day(self, learner_id: int, today: date) -> int | None:
        """Record activity on ``today``; the new streak if this is the first activity that day, else None.

        Mirrors ``bot.core.xp.next_streak`` in one atomic UPDATE: yesterday → streak + 1, older → 1.
        """
        new_streak = case(
            (TotalsRow.last_active_day == today - timedelta(days=1), TotalsRow.streak + 1),
            else_=1,
        )
        result = await self._session.execute(
            update(TotalsRow)
            .where(
                TotalsRow.learner_id == learner_id,
                or_(TotalsRow.last_active_day.is_(None), TotalsRow.last_active_day < today),
            )
            .values(
                streak=new_streak,
                best_streak=case(
                    (new_streak > TotalsRow.best_streak, new_streak), else_=TotalsRow.best_streak
                ),
                last_active_day=today,
            )
            .returning(TotalsRow.streak)
        )
        return result.scalar_one_or_none()

    async def credit(
        self,
        learner_id: int,
        community: str,
        *,
        amount: int,
        reason: str,
        source_key: str,
        at: datetime,
        week: date,
    ) -> Credit | None:
        """Apply one ledger entry: None when ``source_key`` was already used for this learner."""
        entry_id = await self._session.scalar(
            insert(self._session, LedgerEntry)
            .values(
                learner_id=learner_id,
                community=community,
                amount=amount,
                reason=reason,
                source_key=source_key,
                at=at,
            )
            .on_conflict_do_nothing(index_elements=["learner_id", "source_key"])
            .returning(LedgerEntry.id)
        )
        if entry_id is None:
            return None
        total = await self._session.scalar(
            update(TotalsRow)
            .where(TotalsRow.learner_id == learner_id, TotalsRow.xp + amount >= 0)
            .values(
                xp=TotalsRow.xp + amount,
                xp_reached_at=case(
                    (or_(TotalsRow.xp_reached_at.is_(None), TotalsRow.xp_reached_at < at), utc(at)),
                    else_=TotalsRow.xp_reached_at,
                ),
            )
            .returning(TotalsRow.xp)
        )
        if total is None:
            raise NegativeBalanceError(amount)
        if level_for(total) != level_for(total - amount):
            await self._session.execute(
                update(TotalsRow).where(TotalsRow.learner_id == learner_id).values(level=level_for(total))
            )
        await self._add_weekly(learner_id, community, amount, at, week)
        return Credit(amount=amount, total_xp=int(total))

    async def _add_weekly(
        self, learner_id: int, community: str, amount: int, at: datetime, week: date
    ) -> None:
        stmt = insert(self._session, WeeklyXp).values(
            learner_id=learner_id, week_start=week, community=community, xp=amount, reached_at=at
        )
        current = WeeklyXp.__table__.c
        await self._session.execute(
            stmt.on_conflict_do_update(
                index_elements=["learner_id", "week_start"],
                set_={
                    "xp": current.xp + stmt.excluded.xp,
                    "reached_at": case(
                        (stmt.excluded.reached_at > current.reached_at, stmt.excluded.reached_at),
                        else_=current.reached_at,
                    ),
                },
            )
        )

    async def add_attempt(self, learner_id: int, record: AttemptRecord) -> int | None:
        """Insert an answer; its id, or None when this source key was already recorded."""
        return await self._session.scalar(
            insert(self._session, Attempt)
            .values(
                learner_id=learner_id,
                source_key=record.source_key,
                question_id=record.question_id,
                kind=record.kind,
                lesson=record.lesson,
                objective=record.objective,
                difficulty=record.difficulty,
                correct=record.correct,
                choice=record.choice,
                answered_at=record.answered_at,
                day=record.day,
                answer_ms=record.answer_ms,
                xp_awarded=0,
            )
            .on_conflict_do_nothing(index_elements=["learner_id", "source_key"])
            .returning(Attempt.id)
        )

    async def set_attempt_xp(self, attempt_id: int, xp: int) -> None:
        await self._session.execute(update(Attempt).where(Attempt.id == attempt_id).values(xp_awarded=xp))

    async def add_quiz_result(
        self,
        learner_id: int,
        *,
        source_key: str,
        lesson: str,
        score: int,
        total: int,
        passed: bool,
        finished_at: datetime,
    ) -> int | None:
        """Insert a finished quiz; its id, or None when this source key was already recorded."""
        return await self._session.scalar(
            insert(self._session, QuizResult)
            .values(
                learner_id=learner_id,
                source_key=source_key,
                lesson=lesson,
                score=score,
                total=total,
                passed=passed,
                xp_awarded=0,
                finished_at=finished_at,
            )
            .on_conflict_do_nothing(index_elements=["learner_id", "source_key"])
            .returning(QuizResult.id)
        )

    async def set_quiz_xp(self, result_id: int, xp: int) -> None:
        await self._session.execute(
            update(QuizResult).where(QuizResult.id == result_id).values(xp_awarded=xp)
        )

    async def add_completion(
        self, learner_id: int, *, lesson: str, score: int, total: int, passed: bool, finished_at: datetime
    ) -> LessonBest:
        """Fold a finished quiz into the lesson's summary (best score by ratio, passes, first pass)."""
        stmt = insert(self._session, LessonCompletion).values(
            learner_id=learner_id,
            lesson=lesson,
            best_score=score,
            best_total=total,
            quizzes=1,
            passes=1 if passed else 0,
            first_passed_at=finished_at if passed else None,
            last_finished_at=finished_at,
        )
        old, new = LessonCompletion.__table__.c, stmt.excluded
        better = new.best_score * old.best_total > old.best_score * new.best_total
        result = await self._session.execute(
            stmt.on_conflict_do_update(
                index_elements=["learner_id", "lesson"],
                set_={
                    "best_score": case((better, new.best_score), else_=old.best_score),
                    "best_total": case((better, new.best_total), else_=old.best_total),
                    "quizzes": old.quizzes + 1,
                    "passes": old.passes + new.passes,
                    "first_passed_at": case(
                        (and_(old.first_passed_at.is_(None), new.passes > 0), new.first_passed_at),
                        else_=old.first_passed_at,
                    ),
                    "last_finished_at": case(
                        (new.last_finished_at > old.last_finished_at, new.last_finished_at),
                        else_=old.last_finished_at,
                    ),
                },
            ).returning(old.best_score, old.best_total, old.passes)
        )
        row = result.one()
        return LessonBest(best_score=row.best_score, best_total=row.best_total, passes=row.passes)

    async def lesson_best(self, learner_id: int, lesson: str) -> LessonBest | None:
        c = LessonCompletion
        found = await self._session.execute(
            select(c.best_score, c.best_total, c.passes).where(c.learner_id == learner_id, c.lesson == lesson)
        )
        row = found.first()
        return None if row is None else LessonBest(row.best_score, row.best_total, row.passes)
