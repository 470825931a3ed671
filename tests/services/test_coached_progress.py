"""CoachedProgress on a real database: a quiz answer is both progress and a review (same source key, replay
safe), a failing review never costs the answer's XP, and review sessions record and refuse double answers."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.coaching.families import family_of
from bot.core.coaching.srs import PickReason
from bot.core.learners import LearnerKey
from bot.core.quiz.questions import Question, QuestionType
from bot.core.text import Lang
from bot.services.coached_progress import CoachedOutcome, CoachedProgress, reread_hint_of
from bot.services.coaching_review import ReviewPlanner
from bot.services.quiz import QuizContent, QuizService, load_quiz_content
from bot.services.review_sessions import (
    NotYourReviewError,
    ReviewAlreadyAnsweredError,
    ReviewExpiredError,
    ReviewSessionService,
)
from bot.storage.db import Database
from bot.storage.scratch import scratch_backends, scratch_database

ROOT = Path(__file__).resolve().parents[2]
ADA = LearnerKey("guild-9", "42", "Ada")
T0 = datetime(2026, 11, 2, 9, tzinfo=UTC)


@pytest.fixture(scope="module")
def content() -> QuizContent:
    return load_quiz_content(ROOT / "content", ROOT / "quizzes")[0]


@pytest.fixture(params=scratch_backends())
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    async with scratch_database(str(request.param), tmp_path) as db:
        yield db


def wrong(question: Question) -> str:
    if question.type is QuestionType.SHORT_ANSWER:
        return "certainement pas"
    if question.type is QuestionType.ORDERING:
        return ",".join(str(i + 1) for i in reversed(question.correct))
    return str(next(i for i in range(len(question.choices)) if i not in question.correct) + 1)


def right(question: Question) -> str:
    if question.type is QuestionType.SHORT_ANSWER:
        assert question.accept is not None
        return question.accept.canonical
    return ",".join(str(i + 1) for i in question.correct)


async def test_a_quiz_answer_becomes_a_due_review(database: Database, content: QuizContent) -> None:
    progress = CoachedProgress(database.sessions)
    quiz = QuizService(content, progress=progress, clock=lambda: T0)
    active = quiz.start(ADA, "10-registries", count=1, seed=3)
    question = active.current
    assert question is not None
    result = await quiz.answer(active, wrong(question))
    assert isinstance(result.outcome, CoachedOutcome)
    assert result.outcome.review is not None and not result.outcome.review.duplicate
    queue = await progress.coaching.next_reviews(ADA, now=T0 + timedelta(days=1))
    assert [p.family for p in queue.picks if p.reason is PickReason.DUE] == [family_of(question)]


async def test_replaying_an_answer_changes_nothing(database: Database, content: QuizContent) -> None:
    progress = CoachedProgress(database.sessions)
    question = QuizService(content).start(ADA, "10-registries", count=1, seed=5).session.questions[0]
    fields = dict(
        source_key="quiz:x:1", question_id=question.id, kind=question.kind, lesson=question.lesson,
        objective=question.objective, difficulty=question.difficulty, correct=False, choice="1",
        answered_at=T0, question=question,
    )  # fmt: skip
    first = await progress.record_answer(ADA, **fields)
    again = await progress.record_answer(ADA, **fields)
    assert isinstance(first, CoachedOutcome) and isinstance(again, CoachedOutcome)
    assert again.duplicate and again.review is not None and again.review.duplicate
    assert first.review is not None and first.review.card is not None
    assert again.review.card is not None and again.review.card.failures == first.review.card.failures == 1


async def test_a_failing_review_keeps_the_xp(
    database: Database, content: QuizContent, caplog: pytest.LogCaptureFixture
) -> None:
    progress = CoachedProgress(database.sessions)

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("coaching store down")

    progress.coaching.record_question_answer = broken  # type: ignore[method-assign]
    quiz = QuizService(content, progress=progress, clock=lambda: T0)
    active = quiz.start(ADA, "10-registries", count=1, seed=8)
    assert active.current is not None
    result = await quiz.answer(active, right(active.current))
    assert result.outcome is not None and result.outcome.xp_awarded > 0
    assert isinstance(result.outcome, CoachedOutcome) and result.outcome.review is None
    assert "could not record the review" in caplog.text


async def test_a_leech_gets_the_reread_hint(database: Database, content: QuizContent) -> None:
    progress = CoachedProgress(database.sessions)
    question = QuizService(content).start(ADA, "10-registries", count=1, seed=13).session.questions[0]
    outcome = None
    for n in range(4):
        outcome = await progress.record_answer(
            ADA, source_key=f"quiz:leech:{n}", question_id=question.id, kind=question.kind,
            lesson=question.lesson, objective=question.objective, difficulty=question.difficulty,
            correct=False, choice="x", answered_at=T0 + timedelta(hours=n), question=question,
        )  # fmt: skip
        if n < 3:
            assert reread_hint_of(outcome) is None
    hint = reread_hint_of(outcome, "en")
    assert hint is not None and "4 misses" in hint and (question.section or question.lesson) in hint


async def test_review_sessions_record_once_and_only_for_their_owner(
    database: Database, content: QuizContent
) -> None:
    progress = CoachedProgress(database.sessions)
    reviews = ReviewSessionService(ReviewPlanner(progress.coaching, content), content, progress)
    session = await reviews.start(ADA, now=T0, rng=random.Random(1), limit=2)
    assert len(session.items) == 2
    with pytest.raises(NotYourReviewError):
        reviews.get(session.id, LearnerKey("guild-9", "43"))
    first = session.items[0].question
    answered = await reviews.answer(session, 0, wrong(first), lang=Lang.FR, now=T0)
    assert not answered.feedback.correct and session.position == 1
    with pytest.raises(ReviewAlreadyAnsweredError):
        await reviews.answer(session, 0, right(first), lang=Lang.FR, now=T0)
    await reviews.answer(session, 1, right(session.items[1].question), lang=Lang.FR, now=T0)
    assert session.finished and session.score == 1
    with pytest.raises(ReviewExpiredError):
        reviews.get(session.id, ADA)
    queue = await progress.coaching.next_reviews(ADA, now=T0 + timedelta(days=1))
    assert family_of(first) in [p.family for p in queue.picks if p.reason is PickReason.DUE]
