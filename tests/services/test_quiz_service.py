"""QuizService: start, answer, finish; progress recorded through the recorder (fake, then the real one)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.core.errors import DomainError
from bot.core.learners import LearnerKey
from bot.core.progress import AnswerOutcome, CompletionOutcome
from bot.core.quiz.questions import Question, QuestionType
from bot.core.quiz.session import UnreadableAnswerError
from bot.services.progress import ProgressService
from bot.services.quiz import QuizContent, QuizService, load_quiz_content
from bot.storage.scratch import scratch_database

ROOT = Path(__file__).resolve().parents[2]
LEARNER = LearnerKey("console", "ada", "Ada")


@pytest.fixture(scope="module")
def content() -> QuizContent:
    loaded, problems = load_quiz_content(ROOT / "content", ROOT / "quizzes")
    assert not [p for p in problems if p.is_error]
    return loaded


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=3)
        return self.now


@dataclass
class FakeRecorder:
    answers: list[dict[str, Any]] = field(default_factory=list)
    completions: list[dict[str, Any]] = field(default_factory=list)

    async def record_answer(self, learner: Any, **kwargs: Any) -> AnswerOutcome:
        self.answers.append({"learner": learner, **kwargs})
        return AnswerOutcome(5 if kwargs["correct"] else 0, 5 * len(self.answers), 1, False, 1, False)

    async def record_completion(self, learner: Any, **kwargs: Any) -> CompletionOutcome:
        self.completions.append({"learner": learner, **kwargs})
        passed = kwargs["score"] * 5 >= kwargs["total"] * 4
        return CompletionOutcome(passed, passed, kwargs["xp_reward"] if passed else 0, 0, 1, False, 0, False)


def right(question: Question) -> str:
    if question.type is QuestionType.SHORT_ANSWER:
        assert question.accept is not None
        return question.accept.canonical
    return ",".join(str(i + 1) for i in question.correct)


def wrong(question: Question) -> str:
    if question.type is QuestionType.SHORT_ANSWER:
        return "certainement pas"
    if question.type is QuestionType.ORDERING:
        return ",".join(str(i + 1) for i in reversed(question.correct))
    return str(next(i for i in range(len(question.choices)) if i not in question.correct) + 1)


async def test_a_quiz_works_without_storage(content: QuizContent) -> None:
    service = QuizService(content)
    quiz = service.start(LEARNER, "10-registries", seed=1)
    assert len(quiz.session.questions) == 5
    while (question := quiz.current) is not None:
        result = await service.answer(quiz, right(question))
        assert result.feedback.correct and result.outcome is None
    finished = await service.finish(quiz)
    assert finished.summary.passed and finished.outcome is None


async def test_answers_and_completion_go_to_the_recorder(content: QuizContent) -> None:
    recorder = FakeRecorder()
    service = QuizService(content, progress=recorder, clock=Clock())
    quiz = service.start(LEARNER, "10", count=5, seed=7)
    answers = []
    while (question := quiz.current) is not None:
        text = wrong(question) if len(answers) == 0 else right(question)
        answers.append((await service.answer(quiz, text)).feedback.correct)
    finished = await service.finish(quiz)
    assert answers == [False, True, True, True, True]
    assert [a["correct"] for a in recorder.answers] == answers
    first = recorder.answers[0]
    assert first["learner"] == LEARNER and first["lesson"] == "10-registries"
    assert first["question_id"] == quiz.session.questions[0].id
    assert first["answer_ms"] == 3000
    assert len({a["source_key"] for a in recorder.answers}) == 5
    (completion,) = recorder.completions
    assert (completion["score"], completion["total"], completion["xp_reward"]) == (4, 5, 200)
    assert finished.summary.passed and finished.outcome is not None and finished.outcome.xp_awarded == 200


async def test_a_failed_quiz_is_recorded_without_the_reward(content: QuizContent) -> None:
    recorder = FakeRecorder()
    service = QuizService(content, progress=recorder)
    quiz = service.start(LEARNER, None, count=5, seed=3)
    while (question := quiz.current) is not None:
        await service.answer(quiz, wrong(question))
    finished = await service.finish(quiz)
    assert not finished.summary.passed
    assert recorder.completions[0]["score"] == 0
    assert finished.outcome is not None and finished.outcome.xp_awarded == 0


async def test_unreadable_answers_are_not_recorded(content: QuizContent) -> None:
    recorder = FakeRecorder()
    service = QuizService(content, progress=recorder)
    quiz = service.start(LEARNER, kind="image_name", count=1, seed=3)
    with pytest.raises(UnreadableAnswerError):
        await service.answer(quiz, "99")
    assert recorder.answers == []


@pytest.mark.parametrize(
    ("lesson", "kind", "count"), [("nope", None, 5), (None, "nope", 5), (None, None, 0), (None, None, 99)]
)
def test_bad_requests_are_domain_errors(content: QuizContent, lesson, kind, count) -> None:
    with pytest.raises(DomainError) as caught:
        QuizService(content).start(LEARNER, lesson, kind=kind, count=count)
    assert caught.value.message("fr") and caught.value.message("en")


async def test_with_the_real_progress_service(content: QuizContent, tmp_path: Path) -> None:
    async with scratch_database("sqlite", tmp_path) as database:
        progress = ProgressService(database.sessions)
        service = QuizService(content, progress=progress)
        quiz = service.start(LEARNER, "10-registries", count=5, seed=11)
        gained = 0
        while (question := quiz.current) is not None:
            result = await service.answer(quiz, right(question))
            assert result.outcome is not None
            gained += result.outcome.xp_awarded
        finished = await service.finish(quiz)
        assert finished.outcome is not None and finished.outcome.passed and finished.outcome.first_completion
        profile = await progress.profile(LEARNER)
        assert profile.xp == gained + finished.outcome.xp_awarded
        assert finished.outcome.xp_awarded == 200
        again = service.start(LEARNER, "10-registries", count=5, seed=12)
        while (question := again.current) is not None:
            await service.answer(again, right(question))
        second = await service.finish(again)
        assert second.outcome is not None and second.outcome.passed and not second.outcome.first_completion
