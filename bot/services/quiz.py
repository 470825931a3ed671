"""Quiz use-cases shared by every front end: start a quiz, answer, finish — progress recorded on the way.

Progress goes through an optional recorder (the storage-backed ``ProgressService`` in production), so a
quiz also works without any database.
"""

from __future__ import annotations

import logging
import random
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from bot.core.errors import DomainError
from bot.core.lessons import Lesson
from bot.core.problems import Problem
from bot.core.progress import AnswerOutcome, CompletionOutcome
from bot.core.quiz.bank import KIND as BANK_KIND
from bot.core.quiz.bank import question_from_bank
from bot.core.quiz.gen_push_error import error_facts_from_catalog
from bot.core.quiz.questions import Question
from bot.core.quiz.registry import ErrorFact, GeneratorContext, UnknownKindError, kinds
from bot.core.quiz.session import (
    DEFAULT_COUNT,
    MAX_COUNT,
    Feedback,
    QuizSession,
    QuizSummary,
    build_quiz,
    quiz_sources,
)
from bot.core.text import Lang
from bot.storage.catalog import CatalogSnapshot, load_catalog
from bot.storage.error_catalog import load_error_catalog
from bot.storage.scenarios import load_registry_facts_from

log = logging.getLogger(__name__)

ERRORS_DIR = "errors"  # the error catalog, inside the content folder


class ProgressRecorder(Protocol):
    """What the quiz needs from progress storage (``bot.services.progress.ProgressService`` fits)."""

    async def record_answer(
        self,
        learner: Any,
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
    ) -> AnswerOutcome: ...

    async def record_completion(
        self,
        learner: Any,
        *,
        source_key: str,
        lesson: str,
        score: int,
        total: int,
        xp_reward: int,
        finished_at: datetime,
    ) -> CompletionOutcome: ...


async def record_feedback(
    progress: ProgressRecorder,
    learner: Any,
    quiz_id: str,
    feedback: Feedback,
    *,
    answered_at: datetime,
    answer_ms: int,
) -> AnswerOutcome:
    """Record one answered question (idempotent: the source key names the quiz and the position)."""
    question = feedback.question
    return await progress.record_answer(
        learner,
        source_key=f"quiz:{quiz_id}:{feedback.position}",
        question_id=question.id,
        kind=question.kind,
        lesson=question.lesson,
        objective=question.objective,
        difficulty=question.difficulty,
        correct=feedback.correct,
        choice=feedback.given[:200],
        answered_at=answered_at,
        answer_ms=max(answer_ms, 0),
        question=question,
    )


class UnknownLessonError(DomainError):
    def __init__(self, lesson_id: str, known: Iterable[str]) -> None:
        names = ", ".join(known) or "aucune"
        super().__init__(
            f"Leçon inconnue : « {lesson_id} ». Leçons disponibles : {names}.",
            f"Unknown lesson: '{lesson_id}'. Available lessons: {names.replace('aucune', 'none')}.",
        )


class InvalidCountError(DomainError):
    def __init__(self, count: int) -> None:
        super().__init__(
            f"Le nombre de questions doit être entre 1 et {MAX_COUNT} (pas {count}).",
            f"The number of questions must be between 1 and {MAX_COUNT} (not {count}).",
        )


@dataclass(frozen=True, slots=True)
class QuizContent:
    """Lessons (by id, in course order), their bank questions, and the facts generators need."""

    lessons: Mapping[str, Lesson]
    banks: Mapping[str, tuple[Question, ...]] = field(default_factory=dict)
    context: GeneratorContext = field(default_factory=GeneratorContext)

    @classmethod
    def build(
        cls, lessons: Iterable[Lesson], bank: Iterable[Question] = (), context: GeneratorContext | None = None
    ) -> QuizContent:
        ordered = sorted(lessons, key=lambda lesson: (lesson.meta.order, lesson.id))
        banks: dict[str, list[Question]] = {}
        for question in bank:
            banks.setdefault(question.lesson, []).append(question)
        return cls(
            lessons={lesson.id: lesson for lesson in ordered},
            banks={k: tuple(v) for k, v in banks.items()},
            context=context or GeneratorContext(),
        )

    def lesson(self, lesson_id: str | None) -> Lesson:
        """The lesson with this id (or order number); the first lesson when None."""
        if lesson_id is None and self.lessons:
            return next(iter(self.lessons.values()))
        if lesson_id in self.lessons:
            return self.lessons[lesson_id]
        for lesson in self.lessons.values():
            if lesson_id is not None and lesson_id in (str(lesson.meta.order), lesson.id.split("-", 1)[0]):
                return lesson
        raise UnknownLessonError(str(lesson_id), self.lessons)

    def bank(self, lesson_id: str) -> tuple[Question, ...]:
        return self.banks.get(lesson_id, ())

    def sources(self, lesson: Lesson) -> tuple[str, ...]:
        return quiz_sources(lesson, self.bank(lesson.id), self.context)


def quiz_content_from(snapshot: CatalogSnapshot, context: GeneratorContext | None = None) -> QuizContent:
    """Quiz content from a catalog snapshot: its lessons and its bank questions in the quiz model."""
    return QuizContent.build(snapshot.lessons, (question_from_bank(q) for q in snapshot.questions), context)


def load_error_facts(errors_dir: Path) -> tuple[ErrorFact, ...]:
    """`push_error` facts from the error catalog (none when the folder is missing: lessons are used)."""
    if not errors_dir.is_dir():
        return ()
    catalog, problems = load_error_catalog(errors_dir)
    for problem in problems:
        log.warning("error catalog: %s", problem)
    return error_facts_from_catalog(catalog)


def load_quiz_content(
    content_dir: Path, quizzes_dir: Path | None = None
) -> tuple[QuizContent, tuple[Problem, ...]]:
    """Load lessons, banks, scenario facts and the error catalog from disk; problems are returned."""
    snapshot = load_catalog(content_dir, quizzes_dir)
    context = GeneratorContext(
        load_registry_facts_from(content_dir), load_error_facts(content_dir / ERRORS_DIR)
    )
    return quiz_content_from(snapshot, context), snapshot.problems


@dataclass(slots=True)
class ActiveQuiz:
    """One learner's quiz in progress."""

    id: str
    learner: Any
    session: QuizSession
    seed: int
    kind: str | None
    started_at: datetime
    shown_at: datetime

    @property
    def current(self) -> Question | None:
        return self.session.current


@dataclass(frozen=True, slots=True)
class AnswerResult:
    feedback: Feedback
    outcome: AnswerOutcome | None  # None without a progress recorder


@dataclass(frozen=True, slots=True)
class FinishResult:
    summary: QuizSummary
    outcome: CompletionOutcome | None


def utc_now() -> datetime:
    return datetime.now(UTC)


class QuizService:
    def __init__(
        self,
        content: QuizContent,
        *,
        progress: ProgressRecorder | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.content = content
        self._progress = progress
        self._clock = clock

    def start(
        self,
        learner: Any,
        lesson_id: str | None = None,
        *,
        kind: str | None = None,
        count: int = DEFAULT_COUNT,
        seed: int | None = None,
    ) -> ActiveQuiz:
        """A new quiz; raises a DomainError for an unknown lesson or kind, a bad count, or no question."""
        lesson = self.content.lesson(lesson_id)
        if kind is not None and kind not in (*kinds(), BANK_KIND):
            raise UnknownKindError(kind, lesson.id)
        if not 1 <= count <= MAX_COUNT:
            raise InvalidCountError(count)
        if seed is None:
            seed = random.SystemRandom().randrange(2**31)
        questions = build_quiz(
            lesson, self.content.bank(lesson.id), self.content.context, seed=seed, count=count, kind=kind
        )
        now = self._clock()
        log.debug("quiz started: lesson=%s kind=%s count=%d seed=%d", lesson.id, kind, len(questions), seed)
        return ActiveQuiz(uuid.uuid4().hex, learner, QuizSession(lesson, questions), seed, kind, now, now)

    async def answer(self, quiz: ActiveQuiz, text: str, lang: str | Lang = Lang.FR) -> AnswerResult:
        """Check an answer (UnreadableAnswerError when it cannot be read) and record it."""
        question = quiz.current
        if question is None:
            raise RuntimeError("the quiz is over")
        feedback = quiz.session.answer(text, lang)
        now = self._clock()
        outcome = None
        if self._progress is not None:
            elapsed = int((now - quiz.shown_at).total_seconds() * 1000)
            outcome = await record_feedback(
                self._progress, quiz.learner, quiz.id, feedback, answered_at=now, answer_ms=elapsed
            )
        quiz.shown_at = now
        return AnswerResult(feedback, outcome)

    async def finish(self, quiz: ActiveQuiz) -> FinishResult:
        """The summary; a finished quiz is recorded (the recorder awards the lesson's XP at 80% or more)."""
        summary = quiz.session.summary()
        outcome = None
        if self._progress is not None and quiz.session.finished:
            outcome = await self._progress.record_completion(
                quiz.learner,
                source_key=f"quiz:{quiz.id}",
                lesson=summary.lesson.id,
                score=summary.score,
                total=summary.total,
                xp_reward=summary.lesson.meta.xp_reward,
                finished_at=self._clock(),
            )
        return FinishResult(summary, outcome)
