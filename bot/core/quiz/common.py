"""Helpers shared by the generators: options with their mistakes, sections, objectives, explanations."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.core.errors import DomainError
from bot.core.lessons import Lesson
from bot.core.quiz.questions import Choice, Question, QuestionType, choice_text, fingerprint
from bot.core.text import LocalizedText


class GeneratorUnavailableError(DomainError):
    """The lesson does not teach what a generator needs (no table, no commands, ...)."""

    def __init__(self, kind: str, lesson_id: str, why_fr: str, why_en: str) -> None:
        self.kind = kind
        self.lesson_id = lesson_id
        super().__init__(
            f"Pas de question « {kind} » pour la leçon {lesson_id} : {why_fr}.",
            f"No '{kind}' question for lesson {lesson_id}: {why_en}.",
        )


@dataclass(frozen=True, slots=True)
class Option:
    """A candidate choice: its text, whether it is right, and why (the mistake it stands for when wrong)."""

    text: Choice
    correct: bool
    note: LocalizedText = field(default_factory=lambda: LocalizedText(""))


@dataclass(frozen=True, slots=True)
class Arranged:
    choices: tuple[Choice, ...]
    correct: tuple[int, ...]
    mistakes: tuple[LocalizedText, ...]


def arrange(options: Sequence[Option], rng: random.Random) -> Arranged:
    """Shuffle the options with ``rng``; return choices, right indices and per-choice mistakes."""
    shuffled = list(options)
    rng.shuffle(shuffled)
    return Arranged(
        choices=tuple(o.text for o in shuffled),
        correct=tuple(i for i, o in enumerate(shuffled) if o.correct),
        mistakes=tuple(LocalizedText("") if o.correct else o.note for o in shuffled),
    )


def explain(why: LocalizedText, options: Sequence[Option]) -> LocalizedText:
    """The explanation: why the answer is right, then one line per wrong choice with its mistake."""
    parts_fr, parts_en = [why.fr], [why.en or why.fr]
    for option in options:
        if option.correct or not option.note.fr:
            continue
        parts_fr.append(f"• {choice_text(option.text, 'fr')} : {option.note.fr}")
        parts_en.append(f"• {choice_text(option.text, 'en')}: {option.note.en or option.note.fr}")
    return LocalizedText("\n".join(parts_fr), "\n".join(parts_en))


def section_number(lesson: Lesson, *keywords: str) -> str:
    """The number of the first section whose title has a keyword, else the first section, else ""."""
    section = next((s for k in keywords if (s := lesson.section_for_keyword(k)) is not None), None)
    if section is None and lesson.sections:
        section = lesson.sections[0]
    return section.number if section else ""


def objective_for(lesson: Lesson, *keywords: str) -> str:
    """The first objective mentioning a keyword (case-insensitive), else the first objective."""
    objectives = lesson.meta.objectives
    for keyword in keywords:
        for objective in objectives:
            if keyword.lower() in objective.lower():
                return objective
    return objectives[0] if objectives else ""


def build_question(
    *,
    kind: str,
    lesson: Lesson,
    section: str,
    objective: str,
    difficulty: int,
    prompt: LocalizedText,
    why: LocalizedText,
    options: Sequence[Option],
    params: Mapping[str, Any],
    rng: random.Random,
    qtype: QuestionType = QuestionType.SINGLE_CHOICE,
) -> Question:
    """Assemble a choice question: shuffle options, explain, fingerprint kind + params."""
    arranged = arrange(options, rng)
    return Question(
        id=fingerprint(kind, {"lesson": lesson.id, **params}),
        kind=kind,
        lesson=lesson.id,
        section=section,
        objective=objective,
        difficulty=difficulty,
        type=qtype,
        prompt=prompt,
        choices=arranged.choices,
        correct=arranged.correct,
        explanation=explain(why, options),
        mistakes=arranged.mistakes,
        params=params,
    )


def lt(fr: str, en: str) -> LocalizedText:
    """Shorthand for a French/English text pair."""
    return LocalizedText(fr, en)
