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
    LevelUp,
    RoleChanges,
    blind_changes,
    check_tier,
    role_changes,
)
from bot.storage.db import run_transaction
from bot.storage.study_repo import LevelRoleRepository, XpEntry

LIVE_PREFIX = "live:"  # ledger keys of live quizzes (see bot.core.live)

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

    async def ledger_cursor(self) -> int:
        """Where the ledger stands now (level-ups are watched from there on)."""

        async def work(session: AsyncSession) -> int:
            return await LevelRoleRepository(session).last_ledger_id()

        return await run_transaction(self._sessions, work, read_only=True)

    async def level_ups_since(
        self, cursor: int, *, skip_prefix: str = LIVE_PREFIX
    ) -> tuple[list[LevelUp], int]:
        """Level-ups from ledger entries after ``cursor`` (quizzes, imports, admin awards) and the new cursor.

        Entries whose key starts with ``skip_prefix`` are left out: live quizzes announce their own level-ups
        (with the channel they happened in).
        """

        async def work(session: AsyncSession) -> list[XpEntry]:
            return await LevelRoleRepository(session).xp_entries(cursor)

        entries = await run_transaction(self._sessions, work, read_only=True)
        by_learner: dict[tuple[str, str], list[XpEntry]] = {}
        for entry in entries:
            by_learner.setdefault((entry.community, entry.user), []).append(entry)
        ups = []
        for (community, user), mine in by_learner.items():
            xp = mine[0].xp_now - sum(e.amount for e in mine)  # before these entries
            reached = None
            for entry in mine:
                before, xp = xp_rules.level_for(xp), xp + entry.amount
                if xp_rules.level_for(xp) > before and not entry.source_key.startswith(skip_prefix):
                    reached = xp_rules.level_for(xp)
            if reached is not None:
                ups.append(LevelUp(community, user, reached))
        return ups, max([cursor, *(e.id for e in entries)])

    @staticmethod
    def changes(settings: LevelRoleSettings, level: int, current: list[str] | None) -> RoleChanges:
        """What to change for a member at ``level`` (``current``: their roles, None when unknown)."""
        if current is None:
            return blind_changes(settings.tiers, level, remove_previous=settings.remove_previous)
        return role_changes(settings.tiers, level, current, remove_previous=settings.remove_previous)
