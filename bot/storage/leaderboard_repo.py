"""Leaderboard queries: all-time from ``learner_totals``, weekly from ``weekly_xp``; both walk a rank index.

Order: most XP first; on equal XP, whoever reached that score first (earliest ``reached_at``); the learner id
breaks exact ties so ranks are total and stable. A caller's rank is a count over the same index.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from bot.storage.models import Learner, LearnerTotals, WeeklyXp


@dataclass(frozen=True, slots=True)
class RankedRow:
    learner_id: int
    user: str
    display_name: str
    xp: int
    reached_at: datetime | None


@dataclass(frozen=True, slots=True)
class _Board:
    """The columns one leaderboard ranks on, restricted to one community (and week)."""

    learner_id: InstrumentedAttribute[int]
    xp: InstrumentedAttribute[int]
    reached_at: InstrumentedAttribute[datetime | None] | InstrumentedAttribute[datetime]
    where: tuple[ColumnElement[bool], ...]


def _all_time(community: str) -> _Board:
    t = LearnerTotals
    return _Board(t.learner_id, t.xp, t.xp_reached_at, (t.community == community, t.xp > 0))


def _weekly(community: str, week: date) -> _Board:
    w = WeeklyXp
    return _Board(
        w.learner_id, w.xp, w.reached_at, (w.community == community, w.week_start == week, w.xp > 0)
    )


class LeaderboardRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def top(self, community: str, week: date | None, limit: int) -> list[RankedRow]:
        board = _board(community, week)
        query: Select[tuple[int, str, str, int, datetime | None]] = (
            select(board.learner_id, Learner.user_id, Learner.display_name, board.xp, board.reached_at)
            .join(Learner, Learner.id == board.learner_id)
            .where(*board.where)
            .order_by(board.xp.desc(), board.reached_at.asc(), board.learner_id.asc())
            .limit(limit)
        )
        rows = (await self._session.execute(query)).all()
        return [RankedRow(int(r[0]), r[1], r[2], int(r[3]), r[4]) for r in rows]

    async def entry(
        self, community: str, week: date | None, *, learner_id: int | None = None, user: str | None = None
    ) -> RankedRow | None:
        """The row of one learner (by id, or by user id in the community); None without XP in the period."""
        board = _board(community, week)
        who = Learner.id == learner_id if learner_id is not None else Learner.user_id == user
        query = (
            select(board.learner_id, Learner.user_id, Learner.display_name, board.xp, board.reached_at)
            .join(Learner, Learner.id == board.learner_id)
            .where(*board.where, Learner.community == community, who)
        )
        row = (await self._session.execute(query)).first()
        return None if row is None else RankedRow(int(row[0]), row[1], row[2], int(row[3]), row[4])

    async def rank(self, community: str, week: date | None, row: RankedRow) -> int:
        """1-based rank of ``row``: learners with more XP, plus those on equal XP who got there first."""
        board = _board(community, week)
        above = select(func.count()).where(*board.where, board.xp > row.xp).scalar_subquery()
        tied_first = (
            select(func.count())
            .where(
                *board.where,
                board.xp == row.xp,
                or_(
                    board.reached_at < row.reached_at,
                    and_(board.reached_at == row.reached_at, board.learner_id < row.learner_id),
                ),
            )
            .scalar_subquery()
        )
        higher, earlier = (await self._session.execute(select(above, tied_first))).one()
        return int(higher) + int(earlier) + 1

    async def ranked(self, community: str, week: date | None) -> int:
        board = _board(community, week)
        return int(await self._session.scalar(select(func.count()).where(*board.where)) or 0)


def _board(community: str, week: date | None) -> _Board:
    return _all_time(community) if week is None else _weekly(community, week)
