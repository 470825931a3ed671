"""Live quiz storage: the quiz, its questions (frozen at start), each member's answer with its time.

Never commits (services own transactions). State changes that two processes or a double click could race on
(opening, closing, advancing, the channel lock, the XP payout) are compare-and-set ``UPDATE``s or ``INSERT``s
on a primary key, so each happens once.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.live import ClickVerdict, LiveAnswer, LiveQuestion, LiveStatus, QuestionTiming
from bot.core.text import LocalizedText
from bot.storage.live_models import LiveAnswerRow, LiveChannelRow, LiveQuestionRow, LiveQuizRow
from bot.storage.sql import insert


@dataclass(frozen=True, slots=True)
class LiveQuizState:
    id: str
    community: str
    channel_id: str
    host_id: str
    lesson: str
    lesson_title: str
    seconds: int
    count: int
    lang: str
    status: LiveStatus
    position: int
    xp_done: bool
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class LiveQuestionState:
    position: int
    question: LiveQuestion
    timing: QuestionTiming | None  # None until the question is shown
    paused_remaining_ms: int | None
    closed: bool
    message_id: str | None


def _text(data: dict[str, str]) -> LocalizedText:
    return LocalizedText(data.get("fr", ""), data.get("en", ""))


def question_json(question: LiveQuestion) -> str:
    def pair(text: LocalizedText) -> dict[str, str]:
        return {"fr": text.fr, "en": text.en}

    return json.dumps(
        {
            "lesson": question.lesson,
            "difficulty": question.difficulty,
            "prompt": pair(question.prompt),
            "choices": [pair(c) for c in question.choices],
            "correct": question.correct,
            "explanation": pair(question.explanation),
        },
        ensure_ascii=False,
    )


def question_from_json(question_id: str, text: str) -> LiveQuestion:
    data: dict[str, Any] = json.loads(text)
    return LiveQuestion(
        id=question_id,
        lesson=data["lesson"],
        difficulty=int(data["difficulty"]),
        prompt=_text(data["prompt"]),
        choices=tuple(_text(c) for c in data["choices"]),
        correct=int(data["correct"]),
        explanation=_text(data["explanation"]),
    )


def _quiz(row: LiveQuizRow) -> LiveQuizState:
    return LiveQuizState(
        row.id,
        row.community,
        row.channel_id,
        row.host_id,
        row.lesson,
        row.lesson_title,
        row.seconds,
        row.count,
        row.lang,
        LiveStatus(row.status),
        row.position,
        row.xp_done,
        row.created_at,
        row.updated_at,
    )


def _question(row: LiveQuestionRow) -> LiveQuestionState:
    timing = None
    if row.opened_at is not None and row.closes_at is not None:
        timing = QuestionTiming(row.opened_at, row.closes_at)
    return LiveQuestionState(
        row.position,
        question_from_json(row.question_id, row.data),
        timing,
        row.paused_remaining_ms,
        row.closed,
        row.message_id,
    )


class LiveQuizRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def lock_channel(self, channel_id: str, quiz_id: str) -> bool:
        """Claim the channel for ``quiz_id``; False when another live quiz holds it."""
        claimed = await self._session.execute(
            insert(self._session, LiveChannelRow)
            .values(channel_id=channel_id, quiz_id=quiz_id)
            .on_conflict_do_nothing(index_elements=["channel_id"])
            .returning(LiveChannelRow.channel_id)
        )
        return claimed.first() is not None

    async def channel_holder(self, channel_id: str) -> str | None:
        return await self._session.scalar(
            select(LiveChannelRow.quiz_id).where(LiveChannelRow.channel_id == channel_id)
        )

    async def add(self, quiz: LiveQuizState, questions: Sequence[LiveQuestion]) -> None:
        self._session.add(
            LiveQuizRow(
                id=quiz.id,
                community=quiz.community,
                channel_id=quiz.channel_id,
                host_id=quiz.host_id,
                lesson=quiz.lesson,
                lesson_title=quiz.lesson_title[:200],
                seconds=quiz.seconds,
                count=quiz.count,
                lang=quiz.lang,
                status=quiz.status.value,
                position=quiz.position,
                xp_done=False,
                created_at=quiz.created_at,
                updated_at=quiz.updated_at,
            )
        )
        await self._session.flush()
        for position, question in enumerate(questions):
            self._session.add(
                LiveQuestionRow(
                    quiz_id=quiz.id,
                    position=position,
                    question_id=question.id[:200],
                    data=question_json(question),
                    closed=False,
                )
            )
        await self._session.flush()

    async def get(self, quiz_id: str) -> LiveQuizState | None:
        row = await self._session.get(LiveQuizRow, quiz_id)
        return _quiz(row) if row is not None else None

    async def question(self, quiz_id: str, position: int) -> LiveQuestionState | None:
        row = await self._session.get(LiveQuestionRow, (quiz_id, position))
        return _question(row) if row is not None else None

    async def questions(self, quiz_id: str) -> list[LiveQuestionState]:
        rows = await self._session.scalars(
            select(LiveQuestionRow)
            .where(LiveQuestionRow.quiz_id == quiz_id)
            .order_by(LiveQuestionRow.position)
        )
        return [_question(row) for row in rows]

    async def active(self) -> list[LiveQuizState]:
        rows = await self._session.scalars(
            select(LiveQuizRow)
            .where(LiveQuizRow.status.in_([LiveStatus.RUNNING.value, LiveStatus.PAUSED.value]))
            .order_by(LiveQuizRow.created_at)
        )
        return [_quiz(row) for row in rows]

    async def set_timing(
        self, quiz_id: str, position: int, timing: QuestionTiming | None, paused_ms: int | None
    ) -> None:
        await self._session.execute(
            update(LiveQuestionRow)
            .where(LiveQuestionRow.quiz_id == quiz_id, LiveQuestionRow.position == position)
            .values(
                opened_at=timing.opened_at if timing else LiveQuestionRow.opened_at,
                closes_at=timing.closes_at if timing else LiveQuestionRow.closes_at,
                paused_remaining_ms=paused_ms,
            )
            .execution_options(synchronize_session=False)
        )

    async def open(self, quiz_id: str, position: int, timing: QuestionTiming) -> bool:
        """Show question ``position`` (once: False when it was already opened)."""
        result = await self._session.execute(
            update(LiveQuestionRow)
            .where(
                LiveQuestionRow.quiz_id == quiz_id,
                LiveQuestionRow.position == position,
                LiveQuestionRow.opened_at.is_(None),
            )
            .values(opened_at=timing.opened_at, closes_at=timing.closes_at)
            .execution_options(synchronize_session=False)
        )
        return (result.rowcount or 0) == 1  # type: ignore[attr-defined]

    async def close(self, quiz_id: str, position: int) -> bool:
        """Close question ``position`` (once: False when someone else closed it)."""
        result = await self._session.execute(
            update(LiveQuestionRow)
            .where(
                LiveQuestionRow.quiz_id == quiz_id,
                LiveQuestionRow.position == position,
                LiveQuestionRow.closed.is_(False),
            )
            .values(closed=True, paused_remaining_ms=None)
            .execution_options(synchronize_session=False)
        )
        return (result.rowcount or 0) == 1  # type: ignore[attr-defined]

    async def attach_message(self, quiz_id: str, position: int, message_id: str) -> None:
        await self._session.execute(
            update(LiveQuestionRow)
            .where(LiveQuestionRow.quiz_id == quiz_id, LiveQuestionRow.position == position)
            .values(message_id=message_id)
            .execution_options(synchronize_session=False)
        )

    async def update_quiz(self, quiz_id: str, at: datetime, **values: object) -> None:
        await self._session.execute(
            update(LiveQuizRow)
            .where(LiveQuizRow.id == quiz_id)
            .values(updated_at=at, **values)
            .execution_options(synchronize_session=False)
        )

    async def advance(self, quiz_id: str, position: int, at: datetime) -> bool:
        """Move from ``position`` to the next question (compare-and-set)."""
        result = await self._session.execute(
            update(LiveQuizRow)
            .where(LiveQuizRow.id == quiz_id, LiveQuizRow.position == position)
            .values(position=position + 1, updated_at=at)
            .execution_options(synchronize_session=False)
        )
        return (result.rowcount or 0) == 1  # type: ignore[attr-defined]

    async def end(self, quiz_id: str, channel_id: str, status: LiveStatus, at: datetime) -> bool:
        """End an active quiz and free its channel; False when it had already ended."""
        result = await self._session.execute(
            update(LiveQuizRow)
            .where(
                LiveQuizRow.id == quiz_id,
                LiveQuizRow.status.in_([LiveStatus.RUNNING.value, LiveStatus.PAUSED.value]),
            )
            .values(status=status.value, updated_at=at)
            .execution_options(synchronize_session=False)
        )
        await self._session.execute(
            delete(LiveChannelRow).where(
                LiveChannelRow.channel_id == channel_id, LiveChannelRow.quiz_id == quiz_id
            )
        )
        return (result.rowcount or 0) == 1  # type: ignore[attr-defined]

    async def claim_xp(self, quiz_id: str) -> bool:
        result = await self._session.execute(
            update(LiveQuizRow)
            .where(LiveQuizRow.id == quiz_id, LiveQuizRow.xp_done.is_(False))
            .values(xp_done=True)
            .execution_options(synchronize_session=False)
        )
        return (result.rowcount or 0) == 1  # type: ignore[attr-defined]

    async def record_answer(
        self, quiz_id: str, position: int, learner_id: int, answer: LiveAnswer
    ) -> ClickVerdict:
        """Store a member's answer: the first one, a change (new choice and time), or the same again."""
        created = await self._session.execute(
            insert(self._session, LiveAnswerRow)
            .values(
                quiz_id=quiz_id,
                position=position,
                learner_id=learner_id,
                user_id=answer.user,
                display_name=answer.display_name[:100],
                choice=answer.choice,
                answered_at=answer.answered_at,
                changes=0,
            )
            .on_conflict_do_nothing(index_elements=["quiz_id", "position", "learner_id"])
            .returning(LiveAnswerRow.choice)
        )
        if created.first() is not None:
            return ClickVerdict.ACCEPTED
        changed = await self._session.execute(
            update(LiveAnswerRow)
            .where(
                LiveAnswerRow.quiz_id == quiz_id,
                LiveAnswerRow.position == position,
                LiveAnswerRow.learner_id == learner_id,
                LiveAnswerRow.choice != answer.choice,
            )
            .values(
                choice=answer.choice,
                answered_at=answer.answered_at,
                changes=LiveAnswerRow.changes + 1,
                display_name=answer.display_name[:100],
            )
            .execution_options(synchronize_session=False)
        )
        return ClickVerdict.CHANGED if (changed.rowcount or 0) == 1 else ClickVerdict.SAME  # type: ignore[attr-defined]

    async def answers(self, quiz_id: str, position: int | None = None) -> list[LiveAnswer]:
        query = select(LiveAnswerRow).where(LiveAnswerRow.quiz_id == quiz_id)
        if position is not None:
            query = query.where(LiveAnswerRow.position == position)
        rows = await self._session.scalars(query.order_by(LiveAnswerRow.position, LiveAnswerRow.user_id))
        return [
            LiveAnswer(r.user_id, r.display_name, r.position, r.choice, r.answered_at, r.changes)
            for r in rows
        ]
