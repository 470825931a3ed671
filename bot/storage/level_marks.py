"""Level marks: per learner, the highest level whose roles and announcement were already handled.

A process claims a level-up with one conditional statement (``SET level = :new WHERE level < :new``, or an
insert that does nothing on conflict): only the process whose statement changed a row handles it, so several
shard processes (and the live quiz's own report) never announce a level-up twice, and a level-up reached
while the bot was down is still found after a restart (its level is above the mark). The revision
``0005_level_marks`` initialises every existing learner's mark to their level. Never commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Integer, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from bot.core import xp as xp_rules
from bot.storage.models import Base, Learner, LearnerTotals, learner_fk
from bot.storage.quiz_runs import QuizRun
from bot.storage.sql import insert


class LevelMark(Base):
    __tablename__ = "level_marks"

    learner_id: Mapped[int] = mapped_column(learner_fk(), primary_key=True)
    level: Mapped[int] = mapped_column(Integer)


@dataclass(frozen=True, slots=True)
class PendingLevelUp:
    learner_id: int
    community: str
    user: str
    level: int  # the learner's level now, above their mark


class LevelMarkRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def pending(self, communities: Sequence[str], *, limit: int = 500) -> list[PendingLevelUp]:
        """Learners of ``communities`` whose level is above their mark (no mark: level 0).

        ``xp >= XP of level 1`` lets the range scan of ``ix_learner_totals_rank`` (community, xp DESC, ...)
        skip every learner still at level 0; the mark is a primary-key lookup.
        """
        if not communities:
            return []
        mark = func.coalesce(LevelMark.level, 0)
        rows = await self._session.execute(
            select(LearnerTotals.learner_id, Learner.community, Learner.user_id, LearnerTotals.level)
            .join(Learner, Learner.id == LearnerTotals.learner_id)
            .outerjoin(LevelMark, LevelMark.learner_id == LearnerTotals.learner_id)
            .where(
                LearnerTotals.community.in_(list(communities)),
                LearnerTotals.xp >= xp_rules.total_xp_for_level(1),
                LearnerTotals.level > mark,
            )
            .order_by(LearnerTotals.learner_id)
            .limit(limit)
        )
        return [PendingLevelUp(int(lid), c, u, int(level)) for lid, c, u, level in rows]

    async def claim(self, learner_id: int, level: int) -> bool:
        """Raise the learner's mark to ``level``; True only when this statement changed it."""
        if await self._raise(learner_id, level):
            return True
        created = await self._session.execute(
            insert(self._session, LevelMark)
            .values(learner_id=learner_id, level=level)
            .on_conflict_do_nothing(index_elements=["learner_id"])
            .returning(LevelMark.learner_id)
        )
        if created.first() is not None:
            return True
        return await self._raise(learner_id, level)  # someone inserted a lower mark meanwhile

    async def _raise(self, learner_id: int, level: int) -> bool:
        result = await self._session.execute(
            update(LevelMark)
            .where(LevelMark.learner_id == learner_id, LevelMark.level < level)
            .values(level=level)
            .execution_options(synchronize_session=False)
        )
        return (result.rowcount or 0) == 1  # type: ignore[attr-defined]

    async def learner_id(self, community: str, user: str) -> int | None:
        return await self._session.scalar(
            select(Learner.id).where(Learner.community == community, Learner.user_id == user)
        )

    async def latest_channel(self, learner_id: int) -> str | None:
        """The channel of the learner's latest quiz run that has one (``ix_quiz_runs_learner_id``)."""
        return await self._session.scalar(
            select(QuizRun.channel_id)
            .where(QuizRun.learner_id == learner_id, QuizRun.channel_id.is_not(None))
            .order_by(QuizRun.started_at.desc())
            .limit(1)
        )
