"""Level roles: the tiers a community sets (level → role), level-up announcements, and role plans.

The service decides (with :mod:`bot.core.level_roles`) which roles members should hold; the Discord front end
applies them and reports what it could not do (missing permissions) to the admins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core import xp as xp_rules
from bot.core.level_roles import (
    AnnounceMode,
    LevelRoleSettings,
    LevelUp,
    RoleChanges,
    blind_changes,
    check_tier,
    role_changes,
)
from bot.storage.db import run_transaction
from bot.storage.level_marks import LevelMarkRepository, PendingLevelUp
from bot.storage.study_repo import LevelRoleRepository

__all__ = ["AnnounceMode", "LevelRoleService", "LevelRoleSettings", "MemberLevel", "PendingLevelUp"]


@dataclass(frozen=True, slots=True)
class MemberLevel:
    user: str
    level: int


class LevelRoleService:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def settings(self, community: str) -> LevelRoleSettings:
        async def work(session: AsyncSession) -> LevelRoleSettings:
            return await LevelRoleRepository(session).get(community)

        return await run_transaction(self._sessions, work, read_only=True)

    async def add_tier(
        self, community: str, level: int, role_id: str | int, *, now: datetime
    ) -> LevelRoleSettings:
        """Members reaching ``level`` get ``role_id`` (replacing that level's role; a role moves levels)."""

        async def work(session: AsyncSession) -> LevelRoleSettings:
            repo = LevelRoleRepository(session)
            current = await repo.get(community)
            others = [t for t in current.tiers if t.level != level and t.role_id != str(role_id)]
            check_tier(level, len(others))
            await repo.set_tier(community, level, str(role_id))
            return await repo.get(community)

        return await run_transaction(self._sessions, work)

    async def remove_tier(self, community: str, role_id: str | int) -> bool:
        async def work(session: AsyncSession) -> bool:
            return await LevelRoleRepository(session).remove_tier(community, str(role_id))

        return await run_transaction(self._sessions, work)

    async def configure(
        self,
        community: str,
        *,
        now: datetime,
        remove_previous: bool | None = None,
        announce: AnnounceMode | None = None,
        announce_channel: str | int | None = None,
    ) -> LevelRoleSettings:
        """Change only the given settings (``announce_channel`` is kept unless ``announce`` is CHOSEN)."""
        changed: dict[str, object] = {}
        if remove_previous is not None:
            changed["remove_previous"] = remove_previous
        if announce is not None:
            changed["announce"] = announce.value
            changed["announce_channel"] = str(announce_channel) if announce is AnnounceMode.CHOSEN else None

        async def work(session: AsyncSession) -> LevelRoleSettings:
            repo = LevelRoleRepository(session)
            await repo.save(community, now, **changed)
            return await repo.get(community)

        return await run_transaction(self._sessions, work)

    async def member_levels(self, community: str) -> list[MemberLevel]:
        """Every learner of the community with their level (for a full sync)."""

        async def work(session: AsyncSession) -> list[tuple[str, int]]:
            return await LevelRoleRepository(session).member_xp(community)

        rows = await run_transaction(self._sessions, work, read_only=True)
        return [MemberLevel(user, xp_rules.level_for(xp)) for user, xp in rows]

    async def pending_level_ups(self, communities: Sequence[str]) -> list[PendingLevelUp]:
        """Learners of ``communities`` whose level is above the highest level already handled for them
        (solo quizzes, challenges, imports, admin awards, including those reached while the bot was down)."""

        async def work(session: AsyncSession) -> list[PendingLevelUp]:
            return await LevelMarkRepository(session).pending(communities)

        return await run_transaction(self._sessions, work, read_only=True)

    async def claim(self, pending: PendingLevelUp) -> LevelUp | None:
        """Claim a pending level-up (only one process gets it), with the channel of the learner's latest
        quiz run that has one; None when another process (or a live quiz) already handled that level."""

        async def work(session: AsyncSession) -> LevelUp | None:
            repo = LevelMarkRepository(session)
            if not await repo.claim(pending.learner_id, pending.level):
                return None
            channel = await repo.latest_channel(pending.learner_id)
            return LevelUp(pending.community, pending.user, pending.level, channel)

        return await run_transaction(self._sessions, work)

    async def claim_event(self, event: LevelUp) -> bool:
        """Claim a level-up a front end reports itself (a live quiz): False when it was already handled."""

        async def work(session: AsyncSession) -> bool:
            repo = LevelMarkRepository(session)
            learner_id = await repo.learner_id(event.community, event.user)
            return learner_id is not None and await repo.claim(learner_id, event.level)

        return await run_transaction(self._sessions, work)

    @staticmethod
    def changes(settings: LevelRoleSettings, level: int, current: list[str] | None) -> RoleChanges:
        """What to change for a member at ``level`` (``current``: their roles, None when unknown)."""
        if current is None:
            return blind_changes(settings.tiers, level, remove_previous=settings.remove_previous)
        return role_changes(settings.tiers, level, current, remove_previous=settings.remove_previous)
