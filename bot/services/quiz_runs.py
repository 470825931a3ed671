"""Quizzes played across interactions (Discord buttons): stored, regenerated, advanced exactly once.

``QuizService`` plays a quiz held in memory; this service keeps what makes a quiz reproducible (lesson,
kind, count, seed) and the answers given in the database, so any process can continue a quiz after a
restart. Each answer claims its position with one compare-and-set ``UPDATE`` (the durable write a click
waits for), so a double click, or two processes receiving the same click, counts once. The progress that
follows from an answer (attempt, XP, streak: ``ProgressService``, idempotent per answer) is recorded just
after the reply, in order per quiz; finishing a quiz waits for it, and re-records every answer idempotently
when this process did not see them all (after a restart).
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.core.errors import DomainError
from bot.core.learners import LearnerKey
from bot.core.quiz.questions import Question
from bot.core.quiz.session import DEFAULT_COUNT, Feedback, QuizSession, build_quiz
from bot.core.text import Lang
from bot.services.progress import ProgressService
from bot.services.quiz import ActiveQuiz, FinishResult, QuizService, record_feedback
from bot.storage.db import run_transaction
from bot.storage.progress_repo import LessonBest, ProgressRepository
from bot.storage.quiz_runs import QuizRunRepository, QuizRunState, RunStatus, advance_autocommit

log = logging.getLogger(__name__)

__all__ = ["LessonBest", "QuizRunService", "QuizStep", "RunStatus"]

CACHE_SIZE = 2000  # quizzes kept regenerated in memory (an optimisation; the database is the truth)


class QuizRunError(DomainError):
    """A click that cannot count."""


class NotYourQuizError(QuizRunError):
    def __init__(self) -> None:
        super().__init__(
            "Ce quiz appartient à quelqu'un d'autre. Lance le tien avec `/quiz` !",
            "This quiz belongs to someone else. Start your own with `/quiz`!",
        )


class QuizExpiredError(QuizRunError):
    def __init__(self) -> None:
        super().__init__(
            "Ce quiz est terminé ou a expiré. Relance-en un avec `/quiz`.",
            "This quiz is over or has expired. Start a new one with `/quiz`.",
        )


class AlreadyAnsweredError(QuizRunError):
    def __init__(self) -> None:
        super().__init__("Déjà répondu à cette question.", "You already answered this question.")


@dataclass(frozen=True, slots=True)
class QuizStep:
    """Where a quiz stands: the last feedback (if any), then the next question, or the end."""

    run: QuizRunState
    quiz: ActiveQuiz
    feedback: Feedback | None = None
    result: FinishResult | None = None  # once a finished quiz is settled (its XP known)
    _record: tuple[_Known, LearnerKey, datetime, datetime] | None = field(default=None, repr=False)

    @property
    def question(self) -> Question | None:
        return self.quiz.current

    @property
    def finished(self) -> bool:
        return self.run.status is RunStatus.FINISHED


@dataclass(slots=True)
class _Known:
    """What this process knows about a run: its state, its regenerated quiz, the answers it recorded."""

    run: QuizRunState
    quiz: ActiveQuiz
    recorded: set[int]


class QuizRunService:
    def __init__(
        self,
        quiz: QuizService,
        progress: ProgressService,
        sessions: async_sessionmaker[AsyncSession],
        *,
        engine: AsyncEngine,
        idle: timedelta,
    ) -> None:
        self._quiz = quiz
        self._progress = progress
        self._sessions = sessions
        self._engine = engine
        self.idle = idle
        self._known: OrderedDict[str, _Known] = OrderedDict()
        self._pending: dict[str, asyncio.Task[None]] = {}

    async def _run(self, work: Callable[[QuizRunRepository], Awaitable[object]]) -> object:
        async def in_session(session: AsyncSession) -> object:
            return await work(QuizRunRepository(session))

        return await run_transaction(self._sessions, in_session)

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
        channel_id: str | int | None = None,
    ) -> QuizStep:
        """Start a quiz run (``channel_id``: the Discord channel it is played in, if any)."""
        seed = random.SystemRandom().randrange(2**31) if seed is None else seed
        quiz = self._quiz.start(learner, lesson_id, kind=kind, count=count, seed=seed)

        async def work(session: AsyncSession) -> QuizRunState:
            learner_id = await ProgressRepository(session).ensure(learner, now)
            state = QuizRunState(
                id=quiz.id, learner_id=learner_id, community=learner.community, user=learner.user,
                lesson=quiz.session.lesson.id, kind=kind, count=len(quiz.session.questions), seed=seed,
                answers=(), position=0, private=private, status=RunStatus.ACTIVE, xp_gained=0,
                leveled_up=False, started_at=now, updated_at=now, message_id=None, token=None,
                channel_id=str(channel_id) if channel_id is not None else None,
            )  # fmt: skip
            await QuizRunRepository(session).add(state)
            return state

        run = await run_transaction(self._sessions, work)
        self._remember(_Known(run, quiz, set()))
        return QuizStep(run, quiz)

    async def get(self, run_id: str) -> QuizRunState | None:
        return await self._run(lambda repo: repo.get(run_id))  # type: ignore[return-value]

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

    async def _current(self, run_id: str, learner: LearnerKey, position: int, lang: Lang) -> _Known:
        """From this process's memory when it is at ``position``, else from the database."""
        known = self._known.get(run_id)
        if known is not None and known.run.position == position:
            return known
        run = await self.get(run_id)
        if run is None or run.status is not RunStatus.ACTIVE:
            raise QuizExpiredError()
        if run.user != learner.user or run.community != learner.community:
            raise NotYourQuizError()
        if run.position != position:
            raise AlreadyAnsweredError()
        return _Known(run, self.rebuild(run, learner, lang), set())

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
        """Answer question ``position`` (0-based) once (else a ``QuizRunError``); progress follows."""
        known = await self._current(run_id, learner, position, lang)
        run, quiz = known.run, known.quiz
        if run.user != learner.user or run.community != learner.community:
            raise NotYourQuizError()
        if now - run.updated_at > self.idle:
            await self.expire(run.id)
            raise QuizExpiredError()
        quiz.session.read(text)  # unreadable answers raise before anything is stored
        finished = position + 1 >= len(quiz.session.questions)
        claimed = await self._claim(run, text, now=now, token=token, finished=finished)
        if not claimed:
            if self._known.get(run_id) is known and known.run.position == position:
                del self._known[run_id]  # another process advanced it: read it again next time
            latest = await self.get(run_id)
            raise (
                AlreadyAnsweredError() if latest and latest.status is RunStatus.ACTIVE else QuizExpiredError()
            )
        feedback = quiz.session.answer(text, lang)
        status = RunStatus.FINISHED if finished else RunStatus.ACTIVE
        state = replace(
            run,
            answers=(*run.answers, text),
            position=position + 1,
            status=status,
            updated_at=now,
            token=token,
        )
        known.run = state
        self._remember(known)
        return QuizStep(state, quiz, feedback, _record=(known, learner, now, run.updated_at))

    def record(self, step: QuizStep) -> None:
        """Record the progress of the answer ``step`` came from, in the background and in order.

        Front ends call it right after replying, so the reply does not wait for (nor compete with) it.
        """
        if step._record is None or step.feedback is None:
            return
        known, learner, at, shown_at = step._record
        self._after(step.run.id, self._record(known, learner, step.feedback, at, shown_at))

    async def _claim(
        self, run: QuizRunState, text: str, *, now: datetime, token: str | None, finished: bool
    ) -> bool:
        """Store the answer if nobody answered this position yet (the write a click waits for)."""
        fast = await advance_autocommit(self._engine, run, text, at=now, token=token, finished=finished)
        if fast is not None:
            return fast
        claimed = await self._run(
            lambda repo: repo.advance(run, text, at=now, token=token, finished=finished)
        )
        return bool(claimed)

    async def _record(
        self, known: _Known, learner: LearnerKey, feedback: Feedback, at: datetime, shown_at: datetime
    ) -> None:
        """Record one answer's progress (idempotent: the source key names the quiz and the position)."""
        elapsed = int((at - shown_at).total_seconds() * 1000)
        outcome = await record_feedback(
            self._progress, learner, known.run.id, feedback, answered_at=at, answer_ms=elapsed
        )
        known.recorded.add(feedback.position)
        if outcome.xp_awarded or outcome.leveled_up:
            await self._run(lambda repo: repo.add_xp(known.run.id, outcome.xp_awarded, outcome.leveled_up))

    def _after(self, run_id: str, work: Awaitable[None]) -> None:
        """Run ``work`` after the previous pending work of this run (progress is recorded in order)."""
        previous = self._pending.get(run_id)

        async def chained() -> None:
            if previous is not None:
                await asyncio.wait({previous})
            try:
                await work
            except Exception:
                log.exception("could not record progress for quiz %s", run_id)

        task = asyncio.create_task(chained())
        self._pending[run_id] = task

        def forget(done: asyncio.Task[None]) -> None:
            if self._pending.get(run_id) is done:
                del self._pending[run_id]

        task.add_done_callback(forget)

    async def settle(self, step: QuizStep, learner: LearnerKey) -> QuizStep:
        """For a finished quiz: wait for its progress, record the completion, return the final totals."""
        pending = self._pending.get(step.run.id)
        if pending is not None:
            await asyncio.wait({pending})
        known = self._known.pop(step.run.id, None) or _Known(step.run, step.quiz, set())
        for feedback in step.quiz.session.results:
            if feedback.position not in known.recorded:  # not seen by this process: replay (idempotent)
                await self._record(known, learner, feedback, step.run.updated_at, step.run.updated_at)
        result = await self._quiz.finish(step.quiz)
        if result.outcome is not None and (result.outcome.xp_awarded or result.outcome.leveled_up):
            outcome = result.outcome
            await self._run(lambda repo: repo.add_xp(step.run.id, outcome.xp_awarded, outcome.leveled_up))
        final = await self.get(step.run.id)
        return QuizStep(final or step.run, step.quiz, step.feedback, result)

    async def drain(self) -> None:
        """Wait for every pending progress record (graceful shutdown)."""
        if self._pending:
            await asyncio.wait(set(self._pending.values()))

    def _remember(self, known: _Known) -> None:
        self._known.pop(known.run.id, None)
        self._known[known.run.id] = known
        while len(self._known) > CACHE_SIZE:
            self._known.popitem(last=False)

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
        await self._run(lambda repo: repo.attach_message(run_id, str(message_id), token))

    async def expire(self, run_id: str) -> bool:
        self._known.pop(run_id, None)
        return bool(await self._run(lambda repo: repo.expire(run_id)))

    async def expire_idle(self, now: datetime) -> list[QuizRunState]:
        """Expire quizzes idle longer than ``idle``; returns those this call expired (to disable buttons)."""

        async def work(repo: QuizRunRepository) -> list[QuizRunState]:
            return [run for run in await repo.idle(now - self.idle) if await repo.expire(run.id)]

        expired: list[QuizRunState] = await self._run(work)  # type: ignore[assignment]
        for run in expired:
            self._known.pop(run.id, None)
        return expired
