"""Hand-written bank questions (``quizzes/*.yaml``) as quiz questions, so both play the same way."""

from __future__ import annotations

from bot.core.banks import BankQuestion, BankQuestionType
from bot.core.quiz.questions import Accept, AcceptMode, Question, QuestionType
from bot.core.text import LocalizedText

KIND = "bank"
TRUE_FALSE_CHOICES = (LocalizedText("Vrai", "True"), LocalizedText("Faux", "False"))


def question_from_bank(bank: BankQuestion) -> Question:
    """The quiz form of a bank question; its id stays the bank's stable id."""
    qtype = QuestionType(str(bank.type))
    choices: tuple[LocalizedText, ...] = bank.choices
    correct = bank.correct
    accept = None
    if bank.type is BankQuestionType.TRUE_FALSE:
        choices = TRUE_FALSE_CHOICES
        correct = (0,) if bank.truth else (1,)
    elif bank.type is BankQuestionType.SHORT_ANSWER and bank.accept is not None:
        accept = Accept(AcceptMode(str(bank.accept.mode)), bank.accept.display, tuple(bank.accept.values))
    return Question(
        id=bank.id,
        kind=KIND,
        lesson=bank.lesson,
        section=bank.section,
        objective=bank.objective_text,
        difficulty=bank.difficulty,
        type=qtype,
        prompt=bank.prompt,
        choices=choices,
        correct=correct,
        accept=accept,
        explanation=bank.explanation,
        params={"source": f"{bank.path}:{bank.line}" if bank.path else ""},
    )
