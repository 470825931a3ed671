"""Weekly challenges: this week's fixed quiz (same seed for the whole community), one attempt per learner,
its leaderboard, and the Monday announcements (last week's podium).

An attempt is an ordinary stored quiz run (:mod:`bot.services.quiz_runs`), so it is played with the same
buttons (Discord) or prompts (console), survives restarts, and earns XP through the same ledger. The week
comes from the community's time zone: a new challenge starts on Monday 00:00 local time.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core import xp as xp_rules
from bot.core.challenge import (
    CHALLENGE_QUESTIONS,
    PODIUM,
    ChallengeEntry,
    ChallengeResult,
    ChallengeWeek,
    announcement_due,
    challenge_lesson,
    challenge_seed,
    challenge_week,
    rank_results,
)
from bot.core.errors import DomainError
from bot.core.learners import LearnerKey
from bot.services.quiz import QuizContent
from bot.services.quiz_runs import QuizRunService, QuizStep
from bot.storage.db import run_transaction
from bot.storage.progress_repo import ProgressRepository
from bot.storage.settings_repo import SettingsRepository
from bot.storage.study_repo import ChallengeChannel, ChallengeRepository

log = logging.getLogger(__name__)


class AlreadyPlayedError(DomainError):
    def __init__(self, week: ChallengeWeek, run_id: str) -> None:
        self.week, self.run_id = week, run_id
        super().__init__(
            f"Tu as déjà relevé le défi de la semaine {week.label} : une seule tentative par semaine. "
            "Le prochain arrive lundi !",
            f"You already took the {week.label} challenge: one attempt a week. The next one comes on Monday!",
        )


@dataclass(frozen=True, slots=True)
class ChallengeBoard:
    community: str
    week: ChallengeWeek
    entries: tuple[ChallengeEntry, ...]


@dataclass(frozen=True, slots=True)
class ChallengeStart:
    week: ChallengeWeek
    step: QuizStep


@dataclass(frozen=True, slots=True)
class Announcement:
    community: str
    channel_id: str
    week: ChallengeWeek
    previous: ChallengeBoard  # last week's results (its podium is the first entries)


class ChallengeService:
    def __init__(
        self, runs: QuizRunService, content: QuizContent, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        self._runs = runs
        self._content = content
        self._sessions = sessions

    @property
    def runs(self) -> QuizRunService:
        """The stored quizzes attempts are played with (front ends answer through it)."""
        return self._runs

    async def week(self, community: str, now: datetime) -> ChallengeWeek:
        return challenge_week(now, await self._zone(community))

    async def _zone(self, community: str) -> ZoneInfo:
        async def work(session: AsyncSession) -> str:
            return await SettingsRepository(session).timezone(community)

        return xp_rules.zone(await run_transaction(self._sessions, work, read_only=True))

    def lesson_for(self, community: str, week: ChallengeWeek) -> tuple[str, int]:
        seed = challenge_seed(community, week)
        lessons = list(self._content.lessons)
        return challenge_lesson(lessons, seed), seed

    async def start(
        self,
        learner: LearnerKey,
        *,
        now: datetime,
        private: bool = True,
        channel_id: str | int | None = None,
    ) -> ChallengeStart:
        """This week's challenge for ``learner`` (AlreadyPlayedError after their one attempt)."""
        week = await self.week(learner.community, now)
        existing = await self.attempt(learner, week)
        if existing is not None:
            raise AlreadyPlayedError(week, existing)
        lesson, seed = self.lesson_for(learner.community, week)
        step = await self._runs.start(
            learner,
            lesson,
            kind=None,
            count=CHALLENGE_QUESTIONS,
            private=private,
            now=now,
            seed=seed,
            channel_id=channel_id,
        )

        async def claim(session: AsyncSession) -> bool:
            learner_id = await ProgressRepository(session).ensure(learner, now)
            return await ChallengeRepository(session).claim(
                learner.community, week.monday, learner_id, learner.user, step.run.id, now
            )

        if not await run_transaction(self._sessions, claim):
            await self._runs.expire(step.run.id)  # a concurrent /challenge won the claim
            raise AlreadyPlayedError(week, step.run.id)
        return ChallengeStart(week, step)

    async def attempt(self, learner: LearnerKey, week: ChallengeWeek) -> str | None:
        """The quiz run of the learner's attempt this week, if any."""

        async def work(session: AsyncSession) -> str | None:
            learner_id = await ProgressRepository(session).find(learner)
            if learner_id is None:
                return None
            return await ChallengeRepository(session).attempt_run(learner.community, week.monday, learner_id)

        return await run_transaction(self._sessions, work, read_only=True)

    async def board(self, community: str, week: ChallengeWeek) -> ChallengeBoard:
        async def work(session: AsyncSession) -> ChallengeBoard:
            scores = await ChallengeRepository(session).scores(community, week.monday)
            results = [
                ChallengeResult(
                    s.user,
                    s.display_name,
                    s.correct,
                    s.total,
                    (s.last_answer_at - s.started_at).total_seconds() if s.last_answer_at else 0.0,
                    s.answered >= s.total,
                )
                for s in scores
            ]
            return ChallengeBoard(community, week, rank_results(results))

        return await run_transaction(self._sessions, work, read_only=True)

    async def leaderboard(self, community: str, *, now: datetime) -> ChallengeBoard:
        return await self.board(community, await self.week(community, now))

    async def set_channel(self, community: str, channel_id: str | int | None, *, now: datetime) -> bool:
        """Announce new challenges in ``channel_id`` (None: stop); this week counts as announced."""
        week = await self.week(community, now)

        async def work(session: AsyncSession) -> bool:
            repo = ChallengeRepository(session)
            if channel_id is None:
                return await repo.remove_channel(community)
            await repo.set_channel(community, str(channel_id), now, week.monday)
            return True

        return await run_transaction(self._sessions, work)

    async def due_announcements(self, now: datetime) -> list[Announcement]:
        """Announcements to post now (each claimed once, so one process posts it)."""

        async def channels(session: AsyncSession) -> list[ChallengeChannel]:
            return await ChallengeRepository(session).channels()

        due = []
        for channel in await run_transaction(self._sessions, channels, read_only=True):
            tz = await self._zone(channel.community)
            if not announcement_due(now, tz, channel.last_announced):
                continue
            week = challenge_week(now, tz)
            if await self._claim(channel.community, week.monday, channel.last_announced):
                previous = await self.board(channel.community, week.previous(tz))
                due.append(Announcement(channel.community, channel.channel_id, week, previous))
        return due

    async def _claim(self, community: str, week: date, previous: date | None) -> bool:
        async def work(session: AsyncSession) -> bool:
            return await ChallengeRepository(session).mark_announced(community, week, previous)

        return await run_transaction(self._sessions, work)


def podium(board: ChallengeBoard) -> tuple[ChallengeEntry, ...]:
    return tuple(e for e in board.entries if e.result.finished)[:PODIUM]
