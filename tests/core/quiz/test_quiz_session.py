"""Quiz rules: N distinct questions mixed from generators and bank, feedback, summary, 80% to pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.banks import BankQuestion, BankQuestionType
from bot.core.lessons import Lesson
from bot.core.quiz.bank import question_from_bank
from bot.core.quiz.questions import Question, QuestionType
from bot.core.quiz.registry import GeneratorContext
from bot.core.quiz.session import (
    NoQuestionsError,
    QuizSession,
    UnreadableAnswerError,
    build_quiz,
    passes,
    review_hint,
)
from bot.core.text import LocalizedText

ROOT = Path(__file__).resolve().parents[3]


def bank_question(n: int, qtype: BankQuestionType = BankQuestionType.SINGLE_CHOICE) -> BankQuestion:
    return BankQuestion(
        id=f"mini-{n}",
        lesson="03-mini",
        type=qtype,
        prompt=LocalizedText(f"Question {n} ?"),
        explanation=LocalizedText("Parce que."),
        section="3.1",
        objective=0,
        objective_text="Comprendre le nommage",
        difficulty=1,
        choices=(LocalizedText("oui"), LocalizedText("non")) if qtype.has_choices else (),
        correct=(0,) if qtype.has_choices else (),
        truth=True if qtype is BankQuestionType.TRUE_FALSE else None,
    )


def right_answer(question: Question) -> str:
    if question.type is QuestionType.SHORT_ANSWER:
        assert question.accept is not None
        return question.accept.canonical
    return ",".join(str(i + 1) for i in question.correct)


def wrong_answer(question: Question) -> str:
    return str(next(i for i in range(len(question.choices)) if i not in question.correct) + 1)


def test_a_quiz_has_n_distinct_questions_mixed_from_every_source(mini_lesson: Lesson, context) -> None:
    bank = [question_from_bank(bank_question(n)) for n in range(4)]
    kinds_seen: set[str] = set()
    for seed in range(30):
        questions = build_quiz(mini_lesson, bank, context, seed=seed, count=5)
        assert len(questions) == 5
        assert len({q.id for q in questions}) == 5
        kinds_seen.update(q.kind for q in questions)
    assert kinds_seen == {"image_name", "tag_meaning", "registry_choice", "command", "push_error", "bank"}


def test_same_seed_same_quiz(shipped_lesson: Lesson, context) -> None:
    first = build_quiz(shipped_lesson, [], context, seed=42, count=8)
    assert first == build_quiz(shipped_lesson, [], context, seed=42, count=8)
    assert first != build_quiz(shipped_lesson, [], context, seed=43, count=8)


def test_a_kind_filter_and_a_small_bank(mini_lesson: Lesson, context) -> None:
    only = build_quiz(mini_lesson, [], context, seed=1, count=4, kind="tag_meaning")
    assert {q.kind for q in only} == {"tag_meaning"}
    bank = [question_from_bank(bank_question(n)) for n in range(2)]
    assert len(build_quiz(mini_lesson, bank, context, seed=1, count=5, kind="bank")) == 2
    with pytest.raises(NoQuestionsError):
        build_quiz(mini_lesson, [], context, seed=1, kind="bank")
    with pytest.raises(NoQuestionsError):
        build_quiz(mini_lesson, [], GeneratorContext(), seed=1, kind="registry_choice")


@pytest.mark.parametrize(
    ("score", "total", "passed"),
    [(4, 5, True), (3, 5, False), (5, 5, True), (8, 10, True), (7, 10, False), (0, 0, False)],
)
def test_pass_at_80_percent(score: int, total: int, passed: bool) -> None:
    assert passes(score, total) is passed


def test_feedback_and_summary(mini_lesson: Lesson, context) -> None:
    questions = build_quiz(mini_lesson, [], context, seed=5, count=5)
    session = QuizSession(mini_lesson, questions)
    for i, question in enumerate(questions):
        answer = wrong_answer(question) if i == 0 else right_answer(question)
        feedback = session.answer(answer)
        assert feedback.correct is (i != 0)
        assert feedback.position == i + 1 and feedback.total == 5
        assert feedback.explanation.fr
        assert feedback.review == mini_lesson.section(question.section).label
    first = session.results[0]
    assert first.mistake is not None and first.mistake.fr
    summary = session.summary()
    assert (summary.score, summary.total, summary.percent, summary.passed) == (4, 5, 80, True)
    assert summary.review == (first.review,)
    assert session.finished and session.current is None


def test_review_hint() -> None:
    assert review_hint("10.2 — Nommage des images") == "📖 Revois 10.2 — Nommage des images"
    assert review_hint("10.2 — Nommage des images", "en") == "📖 Review 10.2 — Nommage des images"


def test_an_unreadable_answer_is_not_counted(mini_lesson: Lesson, context) -> None:
    session = QuizSession(mini_lesson, build_quiz(mini_lesson, [], context, seed=2, count=2))
    with pytest.raises(UnreadableAnswerError) as caught:
        session.answer("42")
    assert "1 à" in caught.value.message("fr")
    assert session.results == []


def test_bank_questions_become_quiz_questions() -> None:
    single = question_from_bank(bank_question(1))
    assert (single.kind, single.type, single.correct, single.section) == (
        "bank",
        QuestionType.SINGLE_CHOICE,
        (0,),
        "3.1",
    )
    truth = question_from_bank(bank_question(2, BankQuestionType.TRUE_FALSE))
    assert (
        truth.type is QuestionType.TRUE_FALSE
        and truth.choice_texts() == ("Vrai", "Faux")
        and truth.correct == (0,)
    )


def test_shipped_bank_questions_convert(shipped_lesson: Lesson) -> None:
    from bot.storage.catalog import load_catalog

    snapshot = load_catalog(ROOT / "content", ROOT / "quizzes")
    converted = [question_from_bank(q) for q in snapshot.questions]
    assert len(converted) >= 25
    for question in converted:
        if question.type is QuestionType.SHORT_ANSWER:
            assert question.accept is not None and question.accept.canonical
        else:
            assert question.correct
        session = QuizSession(shipped_lesson, (question,))
        assert session.answer(right_answer(question)).correct, question.id
