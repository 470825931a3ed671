"""Recording answers, finished quizzes and awards; reading a learner's profile.

Each public method is one transaction (retried as a whole on transient lock errors), so an answer, its
attempt row, its XP ledger entries and the updated totals are committed together or not at all. Replaying
the same ``source_key`` (a double click, a retry after a crash) returns ``duplicate=True`` and changes
nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core import xp as rules
from bot.core.leaderboard import week_start
from bot.core.learners import LearnerKey
from bot.core.progress import AnswerOutcome, AwardOutcome, CompletionOutcome, Credit, LearnerProfile
from bot.core.quiz.questions import Question
from bot.storage.db import run_transaction
from bot.storage.leaderboard_repo import LeaderboardRepository
from bot.storage.progress_repo import AttemptRecord, ProgressRepository
from bot.storage.settings_repo import SettingsRepository

log = logging.getLogger(__name__)

__all__ = ["AnswerOutcome", "AwardOutcome", "CompletionOutcome", "LearnerProfile", "ProgressService"]


@dataclass(frozen=True, slots=True)
class _Context:
    """What every write needs: the repository, the learner's id, and the community's calendar."""

    repo: ProgressRepository
    learner_id: int
    community: str
    tz: ZoneInfo

    def day(self, at: datetime) -> date:
        return rules.local_day(at, self.tz)

    async def credit(self, amount: int, reason: str, key: str, at: datetime) -> Credit | None:
        return await self.repo.credit(
            self.learner_id,
            self.community,
            amount=amount,
            reason=reason,
            source_key=key,
            at=at,
            week=week_start(at, self.tz),
        )

    async def streak_bonus(self, new_streak: int | None, day: date, at: datetime) -> int:
        """The streak bonus for the first activity of ``day`` (0 when the day was already active)."""
        bonus = rules.streak_bonus(new_streak) if new_streak is not None else 0
        if bonus and await self.credit(bonus, "streak", rules.streak_bonus_key(day), at) is not None:
            return bonus
        return 0


async def _context(session: AsyncSession, learner: LearnerKey, at: datetime) -> _Context:
    repo = ProgressRepository(session)
    learner_id, timezone = await repo.identify(learner, at)
    return _Context(repo, learner_id, learner.community, rules.zone(timezone))


def _check_time(at: datetime) -> datetime:
    if at.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    return at


class ProgressService:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def record_answer(
        self,
        learner: LearnerKey,
        *,
        source_key: str,
        question_id: str,
        kind: str,
        lesson: str,
        objective: str,
        difficulty: int,
        correct: bool,
        choice: str,
        answered_at: datetime,
        answer_ms: int | None = None,
        question: Question | None = None,
    ) -> AnswerOutcome:
        """Record an answer: XP for the day's first correct answer to this question, plus any streak bonus.

        ``question`` (the question itself) is not needed here; ``CoachedProgress`` records it as a review.
        """
        worth = rules.xp_for_answer(difficulty, correct)
        _check_time(answered_at)

        async def work(session: AsyncSession) -> AnswerOutcome:
            ctx = await _context(session, learner, answered_at)
            day = ctx.day(answered_at)
            record = AttemptRecord(
                source_key, question_id, kind, lesson, objective, difficulty, correct, choice,
                answered_at, day, answer_ms,
            )  # fmt: skip
            attempt_id = await ctx.repo.add_attempt(ctx.learner_id, record)
            if attempt_id is None:
                return await self._duplicate_answer(ctx, answered_at)
            new_streak = await ctx.repo.touch_day(ctx.learner_id, day)
            earned = 0
            if worth and await ctx.credit(
                worth, "answer", rules.answer_credit_key(question_id, day), answered_at
            ):
                earned = worth
                await ctx.repo.set_attempt_xp(attempt_id, worth)
            bonus = await ctx.streak_bonus(new_streak, day, answered_at)
            totals = await ctx.repo.totals(ctx.learner_id)
            return AnswerOutcome(
                xp_awarded=earned + bonus,
                total_xp=totals.xp,
                level=totals.level,
                leveled_up=totals.level > rules.level_for(totals.xp - earned - bonus),
                streak=totals.streak,
                duplicate=False,
                streak_bonus=bonus,
            )

        return await run_transaction(self._sessions, work)

    @staticmethod
    async def _duplicate_answer(ctx: _Context, at: datetime) -> AnswerOutcome:
        totals = await ctx.repo.totals(ctx.learner_id)
        streak = rules.current_streak(totals.streak, totals.last_active_day, ctx.day(at))
        return AnswerOutcome(0, totals.xp, totals.level, False, streak, duplicate=True)

    async def record_completion(
        self,
        learner: LearnerKey,
        *,
        source_key: str,
        lesson: str,
        score: int,
        total: int,
        xp_reward: int,
        finished_at: datetime,
    ) -> CompletionOutcome:
        """Record a finished quiz; the lesson's ``xp_reward`` the first time it is passed (≥ 80 %)."""
        passed = rules.quiz_passed(score, total)
        rules.check_reward(xp_reward)
        _check_time(finished_at)

        async def work(session: AsyncSession) -> CompletionOutcome:
            ctx = await _context(session, learner, finished_at)
            day = ctx.day(finished_at)
            result_id = await ctx.repo.add_quiz_result(
                ctx.learner_id, source_key=source_key, lesson=lesson, score=score, total=total,
                passed=passed, finished_at=finished_at,
            )  # fmt: skip
            if result_id is None:
                return await self._duplicate_completion(ctx, lesson, passed, finished_at)
            new_streak = await ctx.repo.touch_day(ctx.learner_id, day)
            best = await ctx.repo.add_completion(
                ctx.learner_id,
                lesson=lesson,
                score=score,
                total=total,
                passed=passed,
                finished_at=finished_at,
            )
            first = passed and best.passes == 1
            earned = 0
            if (
                first
                and xp_reward
                and await ctx.credit(xp_reward, "lesson", rules.lesson_reward_key(lesson), finished_at)
            ):
                earned = xp_reward
                await ctx.repo.set_quiz_xp(result_id, xp_reward)
            bonus = await ctx.streak_bonus(new_streak, day, finished_at)
            totals = await ctx.repo.totals(ctx.learner_id)
            return CompletionOutcome(
                passed=passed,
                first_completion=first,
                xp_awarded=earned + bonus,
                total_xp=totals.xp,
                level=totals.level,
                leveled_up=totals.level > rules.level_for(totals.xp - earned - bonus),
                best_score=best.best_score,
                duplicate=False,
                best_total=best.best_total,
                streak=totals.streak,
            )

        return await run_transaction(self._sessions, work)

    @staticmethod
    async def _duplicate_completion(
        ctx: _Context, lesson: str, passed: bool, at: datetime
    ) -> CompletionOutcome:
        totals = await ctx.repo.totals(ctx.learner_id)
        best = await ctx.repo.lesson_best(ctx.learner_id, lesson)
        streak = rules.current_streak(totals.streak, totals.last_active_day, ctx.day(at))
        return CompletionOutcome(
            passed=passed,
            first_completion=False,
            xp_awarded=0,
            total_xp=totals.xp,
            level=totals.level,
            leveled_up=False,
            best_score=best.best_score if best else 0,
            duplicate=True,
            best_total=best.best_total if best else 0,
            streak=streak,
        )

    async def award(
        self, learner: LearnerKey, *, amount: int, reason: str, source_key: str, at: datetime
    ) -> AwardOutcome:
        """A ledger award outside quizzes (admin command, live events); negative amounts correct mistakes."""
        rules.check_amount(amount)
        _check_time(at)
        reason = reason.strip() or "award"

        async def work(session: AsyncSession) -> AwardOutcome:
            ctx = await _context(session, learner, at)
            credit = await ctx.credit(amount, reason[:200], source_key, at)
            if credit is None:
                totals = await ctx.repo.totals(ctx.learner_id)
                return AwardOutcome(0, totals.xp, totals.level, False, duplicate=True)
            level = rules.level_for(credit.total_xp)
            leveled_up = level > rules.level_for(credit.total_before)
            return AwardOutcome(amount, credit.total_xp, level, leveled_up, duplicate=False)

        return await run_transaction(self._sessions, work)

    async def profile(self, learner: LearnerKey, *, now: datetime | None = None) -> LearnerProfile:
        """XP, level progress, streaks and all-time rank; an empty profile for an unknown learner."""
        now = _check_time(now) if now is not None else datetime.now(UTC)

        async def work(session: AsyncSession) -> LearnerProfile:
            repo = ProgressRepository(session)
            tz = rules.zone(await SettingsRepository(session).timezone(learner.community))
            learner_id = await repo.find(learner)
            totals = await repo.totals(learner_id) if learner_id is not None else None
            rank = None
            display_name = learner.display_name
            if learner_id is not None:
                boards = LeaderboardRepository(session)
                entry = await boards.entry(learner.community, None, learner_id=learner_id)
                if entry is not None:
                    rank = await boards.rank(learner.community, None, entry)
                    display_name = entry.display_name or display_name
            xp = totals.xp if totals else 0
            progress = rules.level_progress(xp)
            today = rules.local_day(now, tz)
            return LearnerProfile(
                community=learner.community,
                user=learner.user,
                display_name=display_name,
                xp=xp,
                level=progress.level,
                xp_into_level=progress.xp_into_level,
                xp_for_next_level=progress.xp_for_next_level,
                streak=rules.current_streak(totals.streak, totals.last_active_day, today) if totals else 0,
                best_streak=totals.best_streak if totals else 0,
                rank=rank,
                last_active_day=totals.last_active_day if totals else None,
            )

        return await run_transaction(self._sessions, work, read_only=True)
