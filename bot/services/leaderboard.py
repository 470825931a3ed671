"""Community leaderboards: all-time and this week (since Monday 00:00 in the community's time zone)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core import xp as rules
from bot.core.leaderboard import Leaderboard, LeaderboardEntry, Period, week_start
from bot.core.learners import LearnerKey
from bot.storage.db import run_transaction
from bot.storage.leaderboard_repo import LeaderboardRepository, RankedRow
from bot.storage.progress_repo import ProgressRepository
from bot.storage.settings_repo import SettingsRepository

__all__ = ["Leaderboard", "LeaderboardEntry", "LeaderboardService", "Period"]

MAX_LIMIT = 100


def _entry(rank: int, row: RankedRow) -> LeaderboardEntry:
    return LeaderboardEntry(rank=rank, user=row.user, display_name=row.display_name, xp=row.xp)


class LeaderboardService:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def leaderboard(
        self,
        community: str,
        *,
        period: Period | str = Period.ALL,
        now: datetime,
        limit: int = 10,
        caller: str | None = None,
    ) -> Leaderboard:
        """The top ``limit`` learners (1..100) and, when ``caller`` (a user id) has XP, the caller's entry."""
        period = Period(period)
        if now.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        limit = max(1, min(int(limit), MAX_LIMIT))

        async def work(session: AsyncSession) -> Leaderboard:
            tz = rules.zone(await SettingsRepository(session).timezone(community))
            week = week_start(now, tz) if period is Period.WEEK else None
            repo = LeaderboardRepository(session)
            rows = await repo.top(community, week, limit)
            entries = tuple(_entry(rank, row) for rank, row in enumerate(rows, start=1))
            mine = next((e for e in entries if caller is not None and e.user == caller), None)
            if mine is None and caller is not None:
                mine = await self._caller_entry(session, repo, community, week, caller)
            return Leaderboard(community, period, week, entries, mine, await repo.ranked(community, week))

        return await run_transaction(self._sessions, work)

    @staticmethod
    async def _caller_entry(
        session: AsyncSession,
        repo: LeaderboardRepository,
        community: str,
        week: date | None,
        caller: str,
    ) -> LeaderboardEntry | None:
        learner_id = await ProgressRepository(session).find(LearnerKey(community, caller))
        if learner_id is None:
            return None
        row = await repo.entry(community, week, learner_id)
        if row is None:
            return None
        return _entry(await repo.rank(community, week, row), row)
