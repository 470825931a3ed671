"""Community leaderboards: all-time and this week (since Monday 00:00 in the community's time zone)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core import xp as rules
from bot.core.leaderboard import Leaderboard, LeaderboardEntry, Period, week_start
from bot.storage.db import run_transaction
from bot.storage.leaderboard_repo import LeaderboardRepository, RankedRow
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
        count_ranked: bool = False,
    ) -> Leaderboard:
        """The top ``limit`` learners (1..100) and, when ``caller`` (a user id) has XP, the caller's entry.

        ``count_ranked`` also counts every learner with XP in the period (``Leaderboard.ranked``; otherwise
        None): a scan of the whole community's index, so it is opt-in.
        """
        period = Period(period)
        if now.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        limit = max(1, min(int(limit), MAX_LIMIT))

        async def work(session: AsyncSession) -> Leaderboard:
            week = None
            if period is Period.WEEK:
                week = week_start(now, rules.zone(await SettingsRepository(session).timezone(community)))
            repo = LeaderboardRepository(session)
            rows = await repo.top(community, week, limit)
            entries = tuple(_entry(rank, row) for rank, row in enumerate(rows, start=1))
            mine = next((e for e in entries if caller is not None and e.user == caller), None)
            if mine is None and caller is not None:
                row = await repo.entry(community, week, user=caller)
                mine = _entry(await repo.rank(community, week, row), row) if row is not None else None
            ranked = await repo.ranked(community, week) if count_ranked else None
            return Leaderboard(community, period, week, entries, mine, ranked)

        return await run_transaction(self._sessions, work, read_only=True)
