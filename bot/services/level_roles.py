"""Level roles: the tiers a community sets (level → role), level-up announcements, and role plans.

The service decides (with :mod:`bot.core.level_roles`) which roles members should hold; the Discord front end
applies them and reports what it could not do (missing permissions) to the admins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core import xp as xp_rules
from bot.core.level_roles import (
    AnnounceMode,
    LevelRoleSettings,
    RoleChanges,
    blind_changes,
    check_tier,
    role_changes,
)
from bot.storage.db import run_transaction
from bot.storage.study_repo import LevelRoleRepository

__all__ = ["AnnounceMode", "LevelRoleService", "LevelRoleSettings", "MemberLevel"]


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

    @staticmethod
    def changes(settings: LevelRoleSettings, level: int, current: list[str] | None) -> RoleChanges:
        """What to change for a member at ``level`` (``current``: their roles, None when unknown)."""
        if current is None:
            return blind_changes(settings.tiers, level, remove_previous=settings.remove_previous)
        return role_changes(settings.tiers, level, current, remove_previous=settings.remove_previous)
