"""Quizzes in progress, stored so a quiz survives restarts and works across processes sharing a database.

A quiz is deterministic from (lesson, kind, count, seed): the row keeps those and the answers given so far,
and the front end regenerates the questions on every click. ``position`` advances with a compare-and-set
``UPDATE`` so a double click (or two processes) counts an answer once. Rows reference ``learners.id`` with
``ON DELETE CASCADE``, so exporting and forgetting a learner covers them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Boolean, Index, Integer, String, Text, select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.db import held_connection
from bot.storage.models import Base, BigId, UTCDateTime, learner_fk


class RunStatus(StrEnum):
    ACTIVE = "active"
    FINISHED = "finished"
    EXPIRED = "expired"


class QuizRun(Base):
    __tablename__ = "quiz_runs"
    __table_args__ = (Index("ix_quiz_runs_status_updated_at", "status", "updated_at"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    learner_id: Mapped[int] = mapped_column(learner_fk(), index=True)
    community: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(String(100))
    lesson: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str | None] = mapped_column(String(50))
    count: Mapped[int] = mapped_column(Integer)
    seed: Mapped[int] = mapped_column(BigId)
    answers: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")  # JSON list of texts
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    private: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    status: Mapped[str] = mapped_column(String(16), default=RunStatus.ACTIVE, server_default="active")
    xp_gained: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    leveled_up: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    message_id: Mapped[str | None] = mapped_column(String(32))
    # The latest interaction token (valid 15 minutes), to disable an idle quiz's buttons even when private.
    token: Mapped[str | None] = mapped_column(Text)
    # The channel a quiz started from Discord was played in (level-ups are announced there).
    channel_id: Mapped[str | None] = mapped_column(String(32))


@dataclass(frozen=True, slots=True)
class QuizRunState:
    id: str
    learner_id: int
    community: str
    user: str
    lesson: str
    kind: str | None
    count: int
    seed: int
    answers: tuple[str, ...]
    position: int
    private: bool
    status: RunStatus
    xp_gained: int
    leveled_up: bool
    started_at: datetime
    updated_at: datetime
    message_id: str | None
    token: str | None
    channel_id: str | None = None


def _state(row: QuizRun) -> QuizRunState:
    return QuizRunState(
        id=row.id,
        learner_id=row.learner_id,
        community=row.community,
        user=row.user_id,
        lesson=row.lesson,
        kind=row.kind,
        count=row.count,
        seed=row.seed,
        answers=tuple(json.loads(row.answers)),
        position=row.position,
        private=row.private,
        status=RunStatus(row.status),
        xp_gained=row.xp_gained,
        leveled_up=row.leveled_up,
        started_at=row.started_at,
        updated_at=row.updated_at,
        message_id=row.message_id,
        token=row.token,
        channel_id=row.channel_id,
    )


class QuizRunRepository:
    """Never commits (the service owns the transaction)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, state: QuizRunState) -> None:
        self._session.add(
            QuizRun(
                id=state.id,
                learner_id=state.learner_id,
                community=state.community,
                user_id=state.user,
                lesson=state.lesson,
                kind=state.kind,
                count=state.count,
                seed=state.seed,
                answers=json.dumps(list(state.answers)),
                position=state.position,
                private=state.private,
                status=state.status.value,
                started_at=state.started_at,
                updated_at=state.updated_at,
                message_id=state.message_id,
                token=state.token,
                channel_id=state.channel_id,
            )
        )
        await self._session.flush()

    async def get(self, run_id: str) -> QuizRunState | None:
        row = await self._session.get(QuizRun, run_id)
        return _state(row) if row is not None else None

    async def advance(
        self, state: QuizRunState, answer: str, *, at: datetime, token: str | None, finished: bool
    ) -> bool:
        """Append ``answer`` if nobody answered this position yet (compare-and-set); False otherwise."""
        result = await self._session.execute(
            update(QuizRun)
            .where(
                QuizRun.id == state.id,
                QuizRun.position == state.position,
                QuizRun.status == RunStatus.ACTIVE.value,
            )
            .values(
                answers=json.dumps([*state.answers, answer]),
                position=QuizRun.position + 1,
                updated_at=at,
                token=token,
                status=(RunStatus.FINISHED if finished else RunStatus.ACTIVE).value,
            )
            .execution_options(synchronize_session=False)
        )
        return (result.rowcount or 0) == 1  # type: ignore[attr-defined]

    async def add_xp(self, run_id: str, amount: int, leveled_up: bool) -> None:
        values: dict[str, object] = {"xp_gained": QuizRun.xp_gained + amount}
        if leveled_up:
            values["leveled_up"] = True
        await self._session.execute(
            update(QuizRun)
            .where(QuizRun.id == run_id)
            .values(**values)
            .execution_options(synchronize_session=False)
        )

    async def attach_message(self, run_id: str, message_id: str, token: str | None) -> None:
        await self._session.execute(
            update(QuizRun)
            .where(QuizRun.id == run_id)
            .values(message_id=message_id, token=token)
            .execution_options(synchronize_session=False)
        )

    async def expire(self, run_id: str) -> bool:
        """Mark an active run expired; False when it was not active any more (someone else did it)."""
        result = await self._session.execute(
            update(QuizRun)
            .where(QuizRun.id == run_id, QuizRun.status == RunStatus.ACTIVE.value)
            .values(status=RunStatus.EXPIRED.value)
            .execution_options(synchronize_session=False)
        )
        return (result.rowcount or 0) == 1  # type: ignore[attr-defined]

    async def idle(self, before: datetime, limit: int = 100) -> list[QuizRunState]:
        rows = await self._session.scalars(
            select(QuizRun)
            .where(QuizRun.status == RunStatus.ACTIVE.value, QuizRun.updated_at < before)
            .order_by(QuizRun.updated_at)
            .limit(limit)
        )
        return [_state(row) for row in rows]


# SQLAlchemy's storage format for DATETIME on SQLite (naive UTC here, see ``UTCDateTime``).
SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S.%f"
_ADVANCE_SQL = (
    "UPDATE quiz_runs SET answers = ?, position = position + 1, updated_at = ?, token = ?, status = ? "
    "WHERE id = ? AND position = ? AND status = 'active'"
)


async def advance_autocommit(
    engine: AsyncEngine, state: QuizRunState, answer: str, *, at: datetime, token: str | None, finished: bool
) -> bool | None:
    """The compare-and-set of :meth:`QuizRunRepository.advance` as one autocommit statement (SQLite only).

    A single ``UPDATE`` is atomic on its own and durable when it returns; running it on the driver
    connection skips the session and transaction round trips (each one a thread hop with aiosqlite), and
    running it on the engine's held connection skips the pool checkout and the reset at checkin: one thread
    hop in all. Returns ``None`` on other backends: use the repository inside a transaction there.
    """
    if engine.dialect.name != "sqlite":
        return None
    status = (RunStatus.FINISHED if finished else RunStatus.ACTIVE).value
    stamp = at.astimezone(UTC).replace(tzinfo=None).strftime(SQLITE_DATETIME)
    params = (json.dumps([*state.answers, answer]), stamp, token, status, state.id, state.position)

    async def update(driver: Any) -> bool:
        cursor = await driver.execute(_ADVANCE_SQL, params)
        return bool(cursor.rowcount == 1)

    return await held_connection(engine).run(update)
