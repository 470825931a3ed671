"""Quiz rules: pick N questions from a lesson's generators and bank, give feedback, score, pass at 80%."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.core.errors import DomainError
from bot.core.lessons import Lesson
from bot.core.quiz.answers import Selection, interpret, is_correct
from bot.core.quiz.bank import KIND as BANK_KIND
from bot.core.quiz.common import GeneratorUnavailableError
from bot.core.quiz.questions import Question, QuestionType
from bot.core.quiz.registry import GeneratorContext, available_kinds, generate_question
from bot.core.text import Lang, LocalizedText

DEFAULT_COUNT = 5
MAX_COUNT = 20
PASS_PERCENT = 80
ATTEMPTS_PER_QUESTION = 25


class NoQuestionsError(DomainError):
    def __init__(self, lesson_id: str, kind: str | None) -> None:
        what = f" de type « {kind} »" if kind else ""
        what_en = f" of kind '{kind}'" if kind else ""
        super().__init__(
            f"Aucune question{what} disponible pour la leçon {lesson_id}.",
            f"No question{what_en} available for lesson {lesson_id}.",
        )


class UnreadableAnswerError(DomainError):
    """The learner's input cannot be read as an answer to this question (ask again)."""

    def __init__(self, question: Question) -> None:
        n = len(question.choices)
        if question.type is QuestionType.SHORT_ANSWER:
            fr, en = "Écris ta réponse en texte.", "Type your answer as text."
        elif question.type is QuestionType.MULTIPLE_CHOICE:
            fr = f"Réponds par les numéros des bonnes réponses (1 à {n}), par exemple « 1,3 »."
            en = f"Answer with the numbers of the right choices (1 to {n}), e.g. '1,3'."
        elif question.type is QuestionType.ORDERING:
            fr = f"Donne l'ordre complet des {n} éléments, par exemple « 2,1,3 »."
            en = f"Give the full order of the {n} items, e.g. '2,1,3'."
        else:
            fr = f"Réponds par un numéro de 1 à {n} ou par le texte d'un choix."
            en = f"Answer with a number from 1 to {n} or with the text of a choice."
        super().__init__(fr, en)


def quiz_sources(lesson: Lesson, bank: Sequence[Question], context: GeneratorContext) -> tuple[str, ...]:
    """Generator kinds that work for this lesson, plus ``bank`` when it has hand-written questions."""
    return (*available_kinds(lesson, context), *((BANK_KIND,) if bank else ()))


def build_quiz(
    lesson: Lesson,
    bank: Sequence[Question],
    context: GeneratorContext,
    *,
    seed: int,
    count: int = DEFAULT_COUNT,
    kind: str | None = None,
) -> tuple[Question, ...]:
    """Up to ``count`` distinct questions, alternating between the sources (same inputs → same quiz)."""
    sources = [s for s in quiz_sources(lesson, bank, context) if kind is None or s == kind]
    if not sources:
        raise NoQuestionsError(lesson.id, kind)
    rng = random.Random(f"{lesson.id}/quiz/{seed}/{kind or '*'}")
    rng.shuffle(sources)
    picked: dict[str, Question] = {}
    unused_bank = list(bank)
    attempts = 0
    while len(picked) < count and attempts < count * ATTEMPTS_PER_QUESTION:
        source = sources[attempts % len(sources)]
        attempts += 1
        if source == BANK_KIND:
            if not unused_bank:
                continue
            question = unused_bank.pop(rng.randrange(len(unused_bank)))
        else:
            try:
                question = generate_question(source, lesson, rng.randrange(2**32), context)
            except GeneratorUnavailableError:
                continue
        picked.setdefault(question.id, question)
    if not picked:
        raise NoQuestionsError(lesson.id, kind)
    return tuple(picked.values())


@dataclass(frozen=True, slots=True)
class Feedback:
    question: Question
    correct: bool
    given: str  # what the learner's answer reads as
    answer: str  # the right answer, as text
    explanation: LocalizedText
    mistake: LocalizedText | None  # the mistake the chosen wrong choice stands for
    review: str  # "10.2 — Nommer une image", or "" when the section is unknown
    position: int  # 1-based
    total: int


@dataclass(frozen=True, slots=True)
class QuizSummary:
    lesson: Lesson
    score: int
    total: int
    passed: bool
    results: tuple[Feedback, ...]
    review: tuple[str, ...]  # labels of the sections of missed questions, in order, once each

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.total) if self.total else 0


def passes(score: int, total: int) -> bool:
    """80% or more (integer arithmetic: 4 of 5 passes, 3 of 5 does not)."""
    return total > 0 and score * 100 >= PASS_PERCENT * total


@dataclass(slots=True)
class QuizSession:
    """A quiz in progress: the questions, and the feedback given so far."""

    lesson: Lesson
    questions: tuple[Question, ...]
    results: list[Feedback] = field(default_factory=list)

    @property
    def current(self) -> Question | None:
        return self.questions[len(self.results)] if not self.finished else None

    @property
    def finished(self) -> bool:
        return len(self.results) >= len(self.questions)

    @property
    def score(self) -> int:
        return sum(1 for r in self.results if r.correct)

    def read(self, text: str) -> Selection:
        """What the learner typed, as a selection for the current question (UnreadableAnswerError if not)."""
        question = self.current
        if question is None:
            raise RuntimeError("the quiz is over")
        selection = interpret(question, text)
        if selection is None:
            raise UnreadableAnswerError(question)
        return selection

    def answer(self, text: str, lang: str | Lang = Lang.FR) -> Feedback:
        """Check the current question's answer, record it, and say why."""
        selection = self.read(text)
        question = self.current
        assert question is not None
        correct = is_correct(question, selection)
        mistake = None
        if not correct and len(selection.indices) == 1:
            mistake = question.mistake_for(selection.indices[0])
        section = self.lesson.section(question.section)
        feedback = Feedback(
            question=question,
            correct=correct,
            given=_given(question, selection, lang),
            answer=question.answer_text(lang),
            explanation=question.explanation,
            mistake=mistake,
            review=section.label if section else "",
            position=len(self.results) + 1,
            total=len(self.questions),
        )
        self.results.append(feedback)
        return feedback

    def summary(self) -> QuizSummary:
        missed = [r.review for r in self.results if not r.correct and r.review]
        return QuizSummary(
            lesson=self.lesson,
            score=self.score,
            total=len(self.questions),
            passed=self.finished and passes(self.score, len(self.questions)),
            results=tuple(self.results),
            review=tuple(dict.fromkeys(missed)),
        )


def _given(question: Question, selection: Selection, lang: str | Lang) -> str:
    if selection.text is not None:
        return selection.text.strip()
    texts = question.choice_texts(lang)
    return " ; ".join(texts[i] for i in selection.indices)


def review_hint(label: str, lang: str | Lang = Lang.FR) -> str:
    """The pointer back to the lesson: "📖 Revois 10.2 — Nommer une image"."""
    return f"📖 Review {label}" if str(lang) == Lang.EN else f"📖 Revois {label}"
