"""Clicks on live quiz buttons, written with group commit.

Clicks arriving together are judged against the stored quiz and written in one transaction, with bulk
statements: a burst of hundreds of members answering at once costs a few transactions instead of one each.
Each click keeps its own time, so batching never changes whether it was in time; verdicts are per click.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core import live as rules
from bot.core.learners import LearnerKey
from bot.core.live import ClickVerdict
from bot.storage.db import run_transaction
from bot.storage.live_clicks_repo import LiveClickRepository, StoredChoice
from bot.storage.live_repo import LiveQuestionState, LiveQuizRepository, LiveQuizState

MAX_BATCH = 500  # clicks per group-commit transaction


@dataclass(frozen=True, slots=True)
class _Click:
    quiz_id: str
    position: int
    learner: LearnerKey
    choice: int
    at: datetime
    verdict: asyncio.Future[ClickVerdict]


def _judge(
    click: _Click, quiz: LiveQuizState | None, question: LiveQuestionState | None
) -> ClickVerdict | None:
    """Why ``click`` cannot count (a verdict), or None when it can be recorded."""
    if quiz is None:
        return ClickVerdict.OVER
    timing = question.timing if question is not None and not question.closed else None
    refused = rules.judge_click(quiz.status, quiz.position, click.position, timing, click.at)
    if refused is None and question is not None and not 0 <= click.choice < len(question.question.choices):
        return ClickVerdict.TOO_LATE
    return refused


class ClickWriter:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._clicks: list[_Click] = []
        self._writer: asyncio.Task[None] | None = None

    async def submit(
        self, quiz_id: str, position: int, learner: LearnerKey, choice: int, at: datetime
    ) -> ClickVerdict:
        pending = _Click(quiz_id, position, learner, choice, at, asyncio.get_running_loop().create_future())
        self._clicks.append(pending)
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_clicks())
        return await pending.verdict

    async def _write_clicks(self) -> None:
        while self._clicks:
            batch, self._clicks = self._clicks[:MAX_BATCH], self._clicks[MAX_BATCH:]
            try:
                verdicts = await run_transaction(self._sessions, lambda s, b=batch: self._record_clicks(s, b))
            except Exception as error:
                for click in batch:
                    if not click.verdict.done():
                        click.verdict.set_exception(error)
                continue
            for click, verdict in zip(batch, verdicts, strict=True):
                if not click.verdict.done():
                    click.verdict.set_result(verdict)

    @staticmethod
    async def _record_clicks(session: AsyncSession, batch: list[_Click]) -> list[ClickVerdict]:
        """Judge each click against the stored quiz, then write the surviving ones in bulk."""
        repo = LiveQuizRepository(session)
        rounds: dict[str, tuple[LiveQuizState | None, LiveQuestionState | None]] = {}
        verdicts: list[ClickVerdict | None] = []
        groups: dict[tuple[str, int, str], list[int]] = {}
        for index, click in enumerate(batch):
            if click.quiz_id not in rounds:
                quiz = await repo.get(click.quiz_id)
                rounds[click.quiz_id] = (
                    quiz,
                    await repo.question(click.quiz_id, quiz.position) if quiz else None,
                )
            verdicts.append(_judge(click, *rounds[click.quiz_id]))
            if verdicts[-1] is None:
                groups.setdefault((click.quiz_id, click.position, click.learner.community), []).append(index)
        bulk = LiveClickRepository(session)
        for (quiz_id, position, community), indices in groups.items():
            clicks = [batch[i] for i in indices]
            names = {c.learner.user: c.learner.display_name for c in clicks}
            ids = await bulk.learner_ids(community, names, clicks[0].at)
            stored: dict[int, StoredChoice] = await bulk.choices(quiz_id, position, list(ids.values()))
            rows: dict[int, dict[str, object]] = {}
            for index, click in zip(indices, clicks, strict=True):
                learner_id = ids[click.learner.user]
                previous = stored.get(learner_id)
                if previous is not None and previous.choice == click.choice:
                    verdicts[index] = ClickVerdict.SAME  # the time of the first click with it is kept
                    continue
                verdicts[index] = ClickVerdict.ACCEPTED if previous is None else ClickVerdict.CHANGED
                stored[learner_id] = StoredChoice(
                    click.choice, 0 if previous is None else previous.changes + 1
                )
                rows[learner_id] = {
                    "quiz_id": quiz_id, "position": position, "learner_id": learner_id,
                    "user_id": click.learner.user, "display_name": click.learner.display_name[:100],
                    "choice": click.choice, "answered_at": click.at, "changes": stored[learner_id].changes,
                }  # fmt: skip
            await bulk.save(list(rows.values()))
        return [v or ClickVerdict.OVER for v in verdicts]
