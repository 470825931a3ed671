"""Learners, their totals, the XP ledger, attempts and quiz results. Never commits; returns core values.

Every counter changes with atomic SQL (``SET xp = xp + :n``) so concurrent transactions never lose an
update; every event row is inserted with ``ON CONFLICT DO NOTHING`` on a per-learner unique source key, which
makes replays (double clicks, retries after a crash) no-ops.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Executable, Result, and_, case, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bot.core.communities import DEFAULT_TIMEZONE
from bot.core.learners import LearnerKey
from bot.core.progress import Credit, LearnerTotals
from bot.core.xp import NegativeBalanceError, level_for
from bot.storage.models import Attempt, Learner, LessonCompletion, QuizResult
from bot.storage.models import LearnerTotals as TotalsRow
from bot.storage.progress_sql import ATTEMPT_FIELDS, ProgressStatements, progress_statements
from bot.storage.sql import dialect_name, insert


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
        self._connection: AsyncConnection | None = None

    async def _execute(self, statement: Executable, params: dict[str, Any] | None = None) -> Result[Any]:
        """Core execution on the session's connection (plain SQL statements, no ORM bookkeeping)."""
        if self._connection is None:
            self._connection = await self._session.connection()
        return await self._connection.execute(statement, params)

    async def _scalar(self, statement: Executable, params: dict[str, Any] | None = None) -> Any:
        return (await self._execute(statement, params)).scalar()

    @property
    def _sql(self) -> ProgressStatements:
        return progress_statements(dialect_name(self._session))

    async def find(self, learner: LearnerKey) -> int | None:
        query = select(Learner.id).where(
            Learner.community == learner.community, Learner.user_id == learner.user
        )
        return await self._scalar(query)

    async def identify(self, learner: LearnerKey, at: datetime) -> tuple[int, str]:
        """The learner's id (created if needed, name refreshed) and the community's time zone name.

        One round trip when the learner exists: both are read by a single SELECT of scalar subqueries.
        """
        found = await self._execute(
            self._sql.identify, {"community": learner.community, "user": learner.user}
        )
        row = found.one()
        timezone = row.timezone or DEFAULT_TIMEZONE
        if row.id is None:
            return await self._create(learner, at), timezone
        if learner.display_name and row.display_name != learner.display_name:
            await self._execute(
                update(Learner).where(Learner.id == row.id).values(display_name=learner.display_name)
            )
        return int(row.id), timezone

    async def ensure(self, learner: LearnerKey, at: datetime) -> int:
        """The learner's id, creating the learner and its totals row if needed (and refreshing the name)."""
        learner_id, _timezone = await self.identify(learner, at)
        return learner_id

    async def _create(self, learner: LearnerKey, at: datetime) -> int:
        created = await self._scalar(
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
        await self._execute(
            insert(self._session, TotalsRow)
            .values(learner_id=learner_id, community=learner.community)
            .on_conflict_do_nothing(index_elements=["learner_id"])
        )
        return int(learner_id)

    async def totals(self, learner_id: int) -> LearnerTotals:
        found = await self._execute(self._sql.totals, {"lid": learner_id})
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
        yesterday = today - timedelta(days=1)
        result = await self._execute(
            self._sql.touch_day, {"lid": learner_id, "today": today, "yesterday": yesterday}
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
        params = {"lid": learner_id, "community": community, "amount": amount, "at": at}
        entry_id = await self._scalar(self._sql.ledger, {**params, "reason": reason, "key": source_key})
        if entry_id is None:
            return None
        total = await self._scalar(self._sql.add_xp, {"lid": learner_id, "amount": amount, "at": at})
        if total is None:
            raise NegativeBalanceError(amount)
        if level_for(total) != level_for(total - amount):
            await self._execute(
                update(TotalsRow).where(TotalsRow.learner_id == learner_id).values(level=level_for(total))
            )
        await self._execute(self._sql.weekly, {**params, "week": week})
        return Credit(amount=amount, total_xp=int(total))

    async def add_attempt(self, learner_id: int, record: AttemptRecord) -> int | None:
        """Insert an answer; its id, or None when this source key was already recorded."""
        params = {f"p_{name}": getattr(record, name) for name in ATTEMPT_FIELDS}
        return await self._scalar(self._sql.attempt, {"lid": learner_id, **params})

    async def set_attempt_xp(self, attempt_id: int, xp: int) -> None:
        await self._execute(update(Attempt).where(Attempt.id == attempt_id).values(xp_awarded=xp))

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
        return await self._scalar(
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
        await self._execute(update(QuizResult).where(QuizResult.id == result_id).values(xp_awarded=xp))

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
        result = await self._execute(
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
        found = await self._execute(
            select(c.best_score, c.best_total, c.passes).where(c.learner_id == learner_id, c.lesson == lesson)
        )
        row = found.first()
        return None if row is None else LessonBest(row.best_score, row.best_total, row.passes)
