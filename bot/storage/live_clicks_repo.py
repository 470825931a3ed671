"""Bulk reads and writes for a burst of live quiz clicks (see ``bot.services.live_clicks``). Never commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.live_models import LiveAnswerRow
from bot.storage.models import Learner, LearnerTotals
from bot.storage.sql import insert


@dataclass(frozen=True, slots=True)
class StoredChoice:
    choice: int
    changes: int


class LiveClickRepository:
    """Bulk reads and writes for a burst of clicks (one round trip per step, whatever the burst size)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def learner_ids(self, community: str, users: dict[str, str], at: datetime) -> dict[str, int]:
        """Ids of ``users`` (user id → display name) in ``community``, creating the missing learners
        (with their totals row, as :class:`~bot.storage.progress_repo.ProgressRepository` does)."""
        found = await self._ids(community, list(users))
        missing = [u for u in users if u not in found]
        if missing:
            rows = [
                {"community": community, "user_id": u, "display_name": users[u][:100], "created_at": at}
                for u in missing
            ]
            await self._session.execute(
                insert(self._session, Learner).on_conflict_do_nothing(
                    index_elements=["community", "user_id"]
                ),
                rows,
            )
            created = await self._ids(community, missing)
            await self._session.execute(
                insert(self._session, LearnerTotals).on_conflict_do_nothing(index_elements=["learner_id"]),
                [{"learner_id": i, "community": community} for i in created.values()],
            )
            found.update(created)
        return found

    async def _ids(self, community: str, users: list[str]) -> dict[str, int]:
        rows = await self._session.execute(
            select(Learner.user_id, Learner.id).where(
                Learner.community == community, Learner.user_id.in_(users)
            )
        )
        return {user: int(learner_id) for user, learner_id in rows}

    async def choices(self, quiz_id: str, position: int, learner_ids: list[int]) -> dict[int, StoredChoice]:
        rows = await self._session.execute(
            select(LiveAnswerRow.learner_id, LiveAnswerRow.choice, LiveAnswerRow.changes).where(
                LiveAnswerRow.quiz_id == quiz_id,
                LiveAnswerRow.position == position,
                LiveAnswerRow.learner_id.in_(learner_ids),
            )
        )
        return {int(learner): StoredChoice(choice, changes) for learner, choice, changes in rows}

    async def save(self, rows: list[dict[str, object]]) -> None:
        """Insert or replace answers (keys: quiz_id, position, learner_id, user_id, display_name, choice,
        answered_at, changes)."""
        if not rows:
            return
        stmt = insert(self._session, LiveAnswerRow)
        stmt = stmt.on_conflict_do_update(
            index_elements=["quiz_id", "position", "learner_id"],
            set_={
                "choice": stmt.excluded.choice,
                "answered_at": stmt.excluded.answered_at,
                "changes": stmt.excluded.changes,
                "display_name": stmt.excluded.display_name,
            },
        )
        await self._session.execute(stmt, rows)
