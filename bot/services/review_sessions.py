"""``/review`` sessions shared by the console and Discord: plan the due cards (then new material), ask each
question once, check the answer, and record it as progress *and* as a review (``CoachedProgress``, with the
source key ``review:<session>:<position>``, so a replay changes nothing).

Sessions live in memory (bounded): a review is a few minutes long, and a session lost to a restart is
simply planned again by ``/review`` — the cards themselves are in the database.
"""

from __future__ import annotations

import random
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime

from bot.core.errors import DomainError
from bot.core.learners import LearnerKey
from bot.core.progress import AnswerOutcome
from bot.core.quiz.session import Feedback, QuizSession
from bot.core.text import Lang
from bot.services.coached_progress import CoachedProgress, reread_hint_of
from bot.services.coaching import ReviewQueue
from bot.services.coaching_review import ReviewItem, ReviewPlanner
from bot.services.quiz import QuizContent

MAX_SESSIONS = 5000  # review sessions kept in memory (the oldest are forgotten first)
DEFAULT_LIMIT = 10


class ReviewSessionError(DomainError):
    """A review answer that cannot count."""


class ReviewExpiredError(ReviewSessionError):
    def __init__(self) -> None:
        super().__init__(
            "Cette révision est terminée ou a expiré. Relance `/review`.",
            "This review is over or has expired. Run `/review` again.",
        )


class NotYourReviewError(ReviewSessionError):
    def __init__(self) -> None:
        super().__init__(
            "Ces révisions sont celles de quelqu'un d'autre : lance les tiennes avec `/review`.",
            "These reviews belong to someone else: start yours with `/review`.",
        )


class ReviewAlreadyAnsweredError(ReviewSessionError):
    def __init__(self) -> None:
        super().__init__("Déjà répondu à cette question.", "You already answered this question.")


@dataclass(slots=True)
class ReviewSession:
    id: str
    learner: LearnerKey
    queue: ReviewQueue
    items: tuple[ReviewItem, ...]
    results: list[Feedback] = field(default_factory=list)

    @property
    def position(self) -> int:
        return len(self.results)

    @property
    def current(self) -> ReviewItem | None:
        return self.items[self.position] if self.position < len(self.items) else None

    @property
    def finished(self) -> bool:
        return self.position >= len(self.items)

    @property
    def score(self) -> int:
        return sum(1 for r in self.results if r.correct)


@dataclass(frozen=True, slots=True)
class ReviewAnswer:
    session: ReviewSession
    feedback: Feedback
    outcome: AnswerOutcome

    def reread_hint(self, lang: str | Lang = Lang.FR) -> str | None:
        return reread_hint_of(self.outcome, lang)


class ReviewSessionService:
    def __init__(self, planner: ReviewPlanner, content: QuizContent, progress: CoachedProgress) -> None:
        self._planner = planner
        self._content = content
        self._progress = progress
        self._sessions: OrderedDict[str, ReviewSession] = OrderedDict()

    async def start(
        self, learner: LearnerKey, *, now: datetime, rng: random.Random, limit: int = DEFAULT_LIMIT
    ) -> ReviewSession:
        """The questions to review now (possibly none: see ``session.queue`` for why)."""
        plan = await self._planner.plan(learner, now=now, rng=rng, limit=limit)
        session = ReviewSession(uuid.uuid4().hex, learner, plan.queue, plan.items)
        self._sessions[session.id] = session
        while len(self._sessions) > MAX_SESSIONS:
            self._sessions.popitem(last=False)
        return session

    def get(self, session_id: str, learner: LearnerKey) -> ReviewSession:
        session = self._sessions.get(session_id)
        if session is None or session.finished:
            raise ReviewExpiredError()
        if (session.learner.community, session.learner.user) != (learner.community, learner.user):
            raise NotYourReviewError()
        return session

    async def answer(
        self, session: ReviewSession, position: int, text: str, *, lang: Lang, now: datetime
    ) -> ReviewAnswer:
        """Check and record the answer to question ``position`` (0-based), once."""
        item = session.current
        if item is None:
            raise ReviewExpiredError()
        if position != session.position:
            raise ReviewAlreadyAnsweredError()
        lesson = self._content.lesson(item.question.lesson)
        feedback = QuizSession(lesson, (item.question,)).answer(text, lang)  # unreadable: raises first
        session.results.append(feedback)  # claimed before any await: a double click counts once
        question = item.question
        outcome = await self._progress.record_answer(
            session.learner, source_key=f"review:{session.id}:{position}", question_id=question.id,
            kind=question.kind, lesson=question.lesson, objective=question.objective,
            difficulty=question.difficulty, correct=feedback.correct, choice=feedback.given[:200],
            answered_at=now, question=question,
        )  # fmt: skip
        if session.finished:
            self._sessions.pop(session.id, None)
        return ReviewAnswer(session, feedback, outcome)
