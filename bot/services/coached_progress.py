"""One place where a quiz answer is recorded twice over: as progress (attempt, XP, streak) and as a review of
its question family (the FSRS card behind ``/review``).

``CoachedProgress`` *is* a :class:`ProgressService`, so every front end keeps using it as the quiz's progress
recorder (``QuizService(progress=...)``, ``QuizRunService(quiz, progress, ...)``); when the caller also passes
the ``question``, the answer becomes a review with the same ``source_key`` (a replay changes nothing in
either store). A failing review is logged and never costs the learner the answer's XP; a later replay of the
same key (finishing a quiz replays its answers) records it then.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.learners import LearnerKey
from bot.core.progress import AnswerOutcome
from bot.core.quiz.questions import Question
from bot.core.text import Lang
from bot.services.coaching import CoachingService, ReviewResult
from bot.services.progress import ProgressService

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CoachedOutcome(AnswerOutcome):
    """An answer's progress outcome plus what its review card says (``None``: not recorded as a review)."""

    review: ReviewResult | None = None

    def reread_hint(self, lang: str | Lang = Lang.FR) -> str | None:
        """For a leech (a family failed again and again): which section to re-read."""
        return self.review.reread_hint(lang) if self.review is not None else None


def reread_hint_of(outcome: AnswerOutcome | None, lang: str | Lang = Lang.FR) -> str | None:
    """The re-read hint carried by ``outcome`` when it came from :class:`CoachedProgress`."""
    return outcome.reread_hint(lang) if isinstance(outcome, CoachedOutcome) else None


class CoachedProgress(ProgressService):
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], coaching: CoachingService | None = None
    ) -> None:
        super().__init__(sessions)
        self.coaching = coaching or CoachingService(sessions)

    async def record_answer(
        self,
        learner: LearnerKey,
        *,
        source_key: str,
        question_id: str,
        kind: str,
        lesson: str,
        objective: str,
        difficulty: int,
        correct: bool,
        choice: str,
        answered_at: datetime,
        answer_ms: int | None = None,
        question: Question | None = None,
    ) -> AnswerOutcome:
        outcome = await super().record_answer(
            learner, source_key=source_key, question_id=question_id, kind=kind, lesson=lesson,
            objective=objective, difficulty=difficulty, correct=correct, choice=choice,
            answered_at=answered_at, answer_ms=answer_ms,
        )  # fmt: skip
        if question is None:
            return outcome
        review = await self._review(learner, question, correct, answered_at, source_key, choice)
        return CoachedOutcome(**asdict(outcome), review=review)

    async def _review(
        self,
        learner: LearnerKey,
        question: Question,
        correct: bool,
        answered_at: datetime,
        source_key: str,
        choice: str,
    ) -> ReviewResult | None:
        try:
            return await self.coaching.record_question_answer(
                learner, question, correct=correct, answered_at=answered_at, source_key=source_key,
                choice=choice,
            )  # fmt: skip
        except Exception:
            log.exception("could not record the review of %s (%s)", question.id, source_key)
            return None
