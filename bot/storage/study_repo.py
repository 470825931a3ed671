"""Weekly challenge attempts and channels, level-role tiers and settings. Never commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case, delete, func, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.level_roles import AnnounceMode, LevelRoleSettings, LevelRoleTier
from bot.storage.live_models import (
    ChallengeAttemptRow,
    ChallengeChannelRow,
    LevelRoleSettingsRow,
    LevelRoleTierRow,
)
from bot.storage.models import Attempt, Learner, LearnerTotals
from bot.storage.quiz_runs import QuizRun
from bot.storage.sql import insert


@dataclass(frozen=True, slots=True)
class AttemptScore:
    user: str
    display_name: str
    run_id: str
    started_at: datetime
    correct: int
    answered: int
    total: int  # questions in the attempt's quiz
    last_answer_at: datetime | None


@dataclass(frozen=True, slots=True)
class ChallengeChannel:
    community: str
    channel_id: str
    last_announced: date | None


class ChallengeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def claim(
        self, community: str, week: date, learner_id: int, user: str, run_id: str, at: datetime
    ) -> bool:
        """Record the learner's attempt for ``week``; False when they already have one."""
        created = await self._session.execute(
            insert(self._session, ChallengeAttemptRow)
            .values(
                community=community,
                week_start=week,
                learner_id=learner_id,
                user_id=user,
                run_id=run_id,
                started_at=at,
            )
            .on_conflict_do_nothing(index_elements=["community", "week_start", "learner_id"])
            .returning(ChallengeAttemptRow.run_id)
        )
        return created.first() is not None

    async def attempt_run(self, community: str, week: date, learner_id: int) -> str | None:
        return await self._session.scalar(
            select(ChallengeAttemptRow.run_id).where(
                ChallengeAttemptRow.community == community,
                ChallengeAttemptRow.week_start == week,
                ChallengeAttemptRow.learner_id == learner_id,
            )
        )

    async def scores(self, community: str, week: date) -> list[AttemptScore]:
        """Every attempt of the week with its right answers (read from the quiz run's recorded answers)."""
        prefix = literal("quiz:") + ChallengeAttemptRow.run_id + literal(":%")
        correct = func.coalesce(func.sum(case((Attempt.correct, 1), else_=0)), 0)
        rows = await self._session.execute(
            select(
                ChallengeAttemptRow.user_id,
                Learner.display_name,
                ChallengeAttemptRow.run_id,
                ChallengeAttemptRow.started_at,
                correct,
                func.count(Attempt.id),
                QuizRun.count,
                func.max(Attempt.answered_at),
            )
            .join(Learner, Learner.id == ChallengeAttemptRow.learner_id)
            .join(QuizRun, QuizRun.id == ChallengeAttemptRow.run_id)
            .outerjoin(
                Attempt,
                (Attempt.learner_id == ChallengeAttemptRow.learner_id) & Attempt.source_key.like(prefix),
            )
            .where(ChallengeAttemptRow.community == community, ChallengeAttemptRow.week_start == week)
            .group_by(
                ChallengeAttemptRow.user_id,
                Learner.display_name,
                ChallengeAttemptRow.run_id,
                ChallengeAttemptRow.started_at,
                QuizRun.count,
            )
        )
        return [
            AttemptScore(user, name or "", run, start, int(right or 0), int(done or 0), int(total), last)
            for user, name, run, start, right, done, total, last in rows
        ]

    async def set_channel(
        self, community: str, channel_id: str, at: datetime, announced: date | None
    ) -> None:
        stmt = insert(self._session, ChallengeChannelRow).values(
            community=community, channel_id=channel_id, last_announced=announced, updated_at=at
        )
        await self._session.execute(
            stmt.on_conflict_do_update(
                index_elements=["community"], set_={"channel_id": channel_id, "updated_at": at}
            )
        )

    async def remove_channel(self, community: str) -> bool:
        result = await self._session.execute(
            delete(ChallengeChannelRow).where(ChallengeChannelRow.community == community)
        )
        return (result.rowcount or 0) > 0  # type: ignore[attr-defined]

    async def channels(self) -> list[ChallengeChannel]:
        rows = await self._session.scalars(
            select(ChallengeChannelRow).order_by(ChallengeChannelRow.community)
        )
        return [ChallengeChannel(r.community, r.channel_id, r.last_announced) for r in rows]

    async def mark_announced(self, community: str, week: date, previous: date | None) -> bool:
        """Compare-and-set the last announced week (only one process announces)."""
        condition = (
            ChallengeChannelRow.last_announced.is_(None)
            if previous is None
            else ChallengeChannelRow.last_announced == previous
        )
        result = await self._session.execute(
            update(ChallengeChannelRow)
            .where(ChallengeChannelRow.community == community, condition)
            .values(last_announced=week)
            .execution_options(synchronize_session=False)
        )
        return (result.rowcount or 0) == 1  # type: ignore[attr-defined]


class LevelRoleRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, community: str) -> LevelRoleSettings:
        tiers = await self._session.scalars(
            select(LevelRoleTierRow)
            .where(LevelRoleTierRow.community == community)
            .order_by(LevelRoleTierRow.level)
        )
        found = tuple(LevelRoleTier(t.level, t.role_id) for t in tiers)
        row = await self._session.get(LevelRoleSettingsRow, community)
        if row is None:
            return LevelRoleSettings(community, found)
        mode = AnnounceMode(row.announce) if row.announce in set(AnnounceMode) else AnnounceMode.CHANNEL
        return LevelRoleSettings(community, found, row.remove_previous, mode, row.announce_channel)

    async def set_tier(self, community: str, level: int, role_id: str) -> None:
        """Give ``level`` the role ``role_id`` (a role is at one level at most: it moves)."""
        await self._session.execute(
            delete(LevelRoleTierRow).where(
                LevelRoleTierRow.community == community,
                (LevelRoleTierRow.role_id == role_id) | (LevelRoleTierRow.level == level),
            )
        )
        self._session.add(LevelRoleTierRow(community=community, level=level, role_id=role_id))
        await self._session.flush()

    async def remove_tier(self, community: str, role_id: str) -> bool:
        result = await self._session.execute(
            delete(LevelRoleTierRow).where(
                LevelRoleTierRow.community == community, LevelRoleTierRow.role_id == role_id
            )
        )
        return (result.rowcount or 0) > 0  # type: ignore[attr-defined]

    async def save(self, community: str, at: datetime, **changed: object) -> None:
        values: dict[str, object] = {
            "community": community,
            "remove_previous": False,
            "announce": AnnounceMode.CHANNEL.value,
            "announce_channel": None,
            "updated_at": at,
            **changed,
        }
        stmt = insert(self._session, LevelRoleSettingsRow).values(**values)
        await self._session.execute(
            stmt.on_conflict_do_update(index_elements=["community"], set_={"updated_at": at, **changed})
        )

    async def member_xp(self, community: str) -> list[tuple[str, int]]:
        """(user id, XP) of every learner of the community."""
        rows = await self._session.execute(
            select(Learner.user_id, LearnerTotals.xp)
            .join(LearnerTotals, LearnerTotals.learner_id == Learner.id)
            .where(Learner.community == community)
            .order_by(Learner.user_id)
        )
        return [(user, int(xp)) for user, xp in rows]
