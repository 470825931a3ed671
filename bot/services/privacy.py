"""A learner's data: export everything as JSON-ready data, or forget the learner entirely."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.learners import LearnerKey
from bot.storage.db import run_transaction
from bot.storage.privacy_repo import PrivacyRepository
from bot.storage.progress_repo import ProgressRepository

EXPORT_FORMAT = "dockcoach-learner-export/1"


class PrivacyService:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def export_learner(self, learner: LearnerKey, *, now: datetime | None = None) -> dict[str, Any]:
        """Everything stored about ``learner`` (``json.dumps``-ready); ``tables`` is empty for a stranger."""
        exported_at = (now or datetime.now(UTC)).isoformat()

        async def work(session: AsyncSession) -> dict[str, Any]:
            learner_id = await ProgressRepository(session).find(learner)
            tables = await PrivacyRepository(session).export(learner_id) if learner_id is not None else {}
            return {
                "format": EXPORT_FORMAT,
                "exported_at": exported_at,
                "community": learner.community,
                "user": learner.user,
                "tables": tables,
            }

        return await run_transaction(self._sessions, work, read_only=True)

    async def forget_learner(self, learner: LearnerKey) -> int:
        """Delete the learner and every row about them; the number of rows deleted (0 if unknown)."""

        async def work(session: AsyncSession) -> int:
            learner_id = await ProgressRepository(session).find(learner)
            if learner_id is None:
                return 0
            return await PrivacyRepository(session).delete(learner_id)

        return await run_transaction(self._sessions, work)
