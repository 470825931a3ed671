"""Quizzes played across interactions (Discord buttons): stored, regenerated, advanced exactly once.

``QuizService`` plays a quiz held in memory; this service keeps what makes a quiz reproducible (lesson,
kind, count, seed) and the answers given in the database, so any process can continue a quiz after a
restart. Each answer claims its position with a compare-and-set before progress is recorded, so a double
click (or two processes receiving the same click) counts once.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.errors import DomainError
from bot.core.learners import LearnerKey
from bot.core.quiz.questions import Question
from bot.core.quiz.session import DEFAULT_COUNT, QuizSession, build_quiz
from bot.core.text import Lang
from bot.services.quiz import ActiveQuiz, AnswerResult, FinishResult, QuizService
from bot.storage.db import run_transaction
from bot.storage.progress_repo import LessonBest, ProgressRepository
from bot.storage.quiz_runs import QuizRunRepository, QuizRunState, RunStatus

log = logging.getLogger(__name__)


class QuizRunError(DomainError):
    """A click that cannot count; ``code`` tells the front end which."""

    code = "quiz"


class NotYourQuizError(QuizRunError):
    code = "not_yours"

    def __init__(self) -> None:
        super().__init__(
            "Ce quiz appartient à quelqu'un d'autre. Lance le tien avec `/quiz` !",
            "This quiz belongs to someone else. Start your own with `/quiz`!",
        )


class QuizExpiredError(QuizRunError):
    code = "expired"

    def __init__(self) -> None:
        super().__init__(
            "Ce quiz est terminé ou a expiré. Relance-en un avec `/quiz`.",
            "This quiz is over or has expired. Start a new one with `/quiz`.",
        )


class AlreadyAnsweredError(QuizRunError):
    code = "already_answered"

    def __init__(self) -> None:
        super().__init__("Déjà répondu à cette question.", "You already answered this question.")


@dataclass(frozen=True, slots=True)
class QuizStep:
    """Where a quiz stands after an action: the last feedback (if any), the next question or the end."""

    run: QuizRunState  # as stored, with this step's XP already added to ``xp_gained``
    quiz: ActiveQuiz
    answered: AnswerResult | None
    finished: FinishResult | None
    gained: int = 0  # XP this step earned (answer, streak bonus, lesson reward)
    leveled_up: bool = False

    @property
    def question(self) -> Question | None:
        return self.quiz.current


class QuizRunService:
    def __init__(
        self, quiz: QuizService, sessions: async_sessionmaker[AsyncSession], *, idle: timedelta
    ) -> None:
        self._quiz = quiz
        self._sessions = sessions
        self.idle = idle

    async def start(
        self,
        learner: LearnerKey,
        lesson_id: str | None,
        *,
        kind: str | None,
        count: int = DEFAULT_COUNT,
        private: bool = False,
        now: datetime,
        seed: int | None = None,
    ) -> QuizStep:
        seed = random.SystemRandom().randrange(2**31) if seed is None else seed
        quiz = self._quiz.start(learner, lesson_id, kind=kind, count=count, seed=seed)

        async def work(session: AsyncSession) -> QuizRunState:
            learner_id = await ProgressRepository(session).ensure(learner, now)
            state = QuizRunState(
                id=quiz.id, learner_id=learner_id, community=learner.community, user=learner.user,
                lesson=quiz.session.lesson.id, kind=kind, count=len(quiz.session.questions), seed=seed,
                answers=(), position=0, private=private, status=RunStatus.ACTIVE, xp_gained=0,
                leveled_up=False, started_at=now, updated_at=now, message_id=None, token=None,
            )  # fmt: skip
            await QuizRunRepository(session).add(state)
            return state

        run = await run_transaction(self._sessions, work)
        return QuizStep(run, quiz, None, None)

    async def get(self, run_id: str) -> QuizRunState | None:
        async def work(session: AsyncSession) -> QuizRunState | None:
            return await QuizRunRepository(session).get(run_id)

        return await run_transaction(self._sessions, work)

    def rebuild(self, run: QuizRunState, learner: LearnerKey, lang: Lang = Lang.FR) -> ActiveQuiz:
        """The quiz as it stands: same questions (same seed), the stored answers replayed."""
        lesson = self._quiz.content.lesson(run.lesson)
        questions = build_quiz(
            lesson, self._quiz.content.bank(lesson.id), self._quiz.content.context,
            seed=run.seed, count=run.count, kind=run.kind,
        )  # fmt: skip
        session = QuizSession(lesson, questions)
        for text in run.answers:
            session.answer(text, lang)
        return ActiveQuiz(run.id, learner, session, run.seed, run.kind, run.started_at, run.updated_at)

    async def answer(
        self,
        run_id: str,
        learner: LearnerKey,
        position: int,
        text: str,
        *,
        lang: Lang,
        now: datetime,
        token: str | None = None,
    ) -> QuizStep:
        """Answer question ``position`` (0-based) of a stored quiz, once (else a ``QuizRunError``)."""
        run = await self.get(run_id)
        if run is None or run.status is not RunStatus.ACTIVE:
            raise QuizExpiredError()
        if run.user != learner.user or run.community != learner.community:
            raise NotYourQuizError()
        if now - run.updated_at > self.idle:
            await self.expire(run.id)
            raise QuizExpiredError()
        if position != run.position:
            raise AlreadyAnsweredError()
        quiz = self.rebuild(run, learner, lang)
        quiz.session.read(text)  # unreadable answers raise before anything is stored
        finished = run.position + 1 >= len(quiz.session.questions)

        async def claim(session: AsyncSession) -> bool:
            return await QuizRunRepository(session).advance(run, text, at=now, token=token, finished=finished)

        if not await run_transaction(self._sessions, claim):
            raise AlreadyAnsweredError()
        answered = await self._quiz.answer(quiz, text, lang)
        result = await self._quiz.finish(quiz) if finished else None
        outcomes = [o for o in (answered.outcome, result.outcome if result else None) if o is not None]
        gained = sum(o.xp_awarded for o in outcomes)
        leveled = any(o.leveled_up for o in outcomes)
        state = replace(
            run,
            answers=(*run.answers, text),
            position=run.position + 1,
            status=RunStatus.FINISHED if finished else RunStatus.ACTIVE,
            xp_gained=run.xp_gained + gained,
            leveled_up=run.leveled_up or leveled,
            updated_at=now,
            token=token,
        )
        return QuizStep(state, quiz, answered, result, gained, leveled)

    async def record_gain(self, step: QuizStep) -> None:
        """Add the step's XP to the quiz's total (done after replying, off the click's critical path)."""
        if not step.gained and not step.leveled_up:
            return

        async def work(session: AsyncSession) -> None:
            await QuizRunRepository(session).add_xp(step.run.id, step.gained, step.leveled_up)

        await run_transaction(self._sessions, work)

    async def lesson_results(self, learner: LearnerKey, lesson_ids: list[str]) -> dict[str, LessonBest]:
        """The learner's best result per lesson (lessons never finished are left out)."""

        async def work(session: AsyncSession) -> dict[str, LessonBest]:
            repo = ProgressRepository(session)
            learner_id = await repo.find(learner)
            if learner_id is None:
                return {}
            found = {lesson: await repo.lesson_best(learner_id, lesson) for lesson in lesson_ids}
            return {lesson: best for lesson, best in found.items() if best is not None}

        return await run_transaction(self._sessions, work)

    async def attach_message(self, run_id: str, message_id: int | str, token: str | None) -> None:
        async def work(session: AsyncSession) -> None:
            await QuizRunRepository(session).attach_message(run_id, str(message_id), token)

        await run_transaction(self._sessions, work)

    async def expire(self, run_id: str) -> bool:
        async def work(session: AsyncSession) -> bool:
            return await QuizRunRepository(session).expire(run_id)

        return await run_transaction(self._sessions, work)

    async def expire_idle(self, now: datetime) -> list[QuizRunState]:
        """Expire quizzes idle longer than ``idle``; returns those this call expired (to disable buttons)."""

        async def work(session: AsyncSession) -> list[QuizRunState]:
            repo = QuizRunRepository(session)
            expired = []
            for run in await repo.idle(now - self.idle):
                if await repo.expire(run.id):
                    expired.append(run)
            return expired

        return await run_transaction(self._sessions, work)
