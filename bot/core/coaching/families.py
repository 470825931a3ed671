"""Question families: what a review card stands for, and how to get a fresh question of a family.

A family is the question kind, the lesson objective and a *variant* taken from the question's parameters
(for ``image_name``, which part of the name is asked; for ``command``, the action; for ``push_error``, the
error; for ``registry_choice``, the registry that fits; for hand-written bank questions, the question
itself). Generated questions of one family differ in their parameters (another image name, another
release), so a review asks the rule again, not the same text.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence

from bot.core.coaching.srs import FamilyKey, NewItem
from bot.core.lessons import Lesson
from bot.core.quiz.bank import KIND as BANK_KIND
from bot.core.quiz.common import GeneratorUnavailableError
from bot.core.quiz.questions import Question
from bot.core.quiz.registry import GeneratorContext, available_kinds, generate_question

VARIANT_PARAM: dict[str, str] = {
    "image_name": "ask",
    "tag_meaning": "ask",
    "command": "action",
    "push_error": "error",
    "registry_choice": "answer",
}
SEARCH_SEEDS = 96  # generated questions tried to find one of a given family
CATALOG_SEEDS = 48  # generated questions per kind tried to list a lesson's families


def family_of(question: Question) -> FamilyKey:
    if question.kind == BANK_KIND:
        return FamilyKey(question.kind, question.objective, question.id.replace("|", "/"))
    param = VARIANT_PARAM.get(question.kind)
    variant = str(question.params.get(param, "")) if param else ""
    return FamilyKey(question.kind, question.objective, variant.replace("|", "/"))


def _generated(
    kind: str, lesson: Lesson, seeds: Iterable[int], context: GeneratorContext
) -> Iterable[Question]:
    for seed in seeds:
        try:
            yield generate_question(kind, lesson, seed, context)
        except GeneratorUnavailableError:
            return


def question_for(
    family: FamilyKey,
    lesson: Lesson,
    bank: Sequence[Question],
    context: GeneratorContext,
    rng: random.Random,
    avoid: frozenset[str] = frozenset(),
) -> Question | None:
    """A question of ``family`` for ``lesson`` (a new one when possible: ids in ``avoid`` come last).

    ``None`` when the lesson cannot produce that family any more (a bank question removed, a kind no
    longer available): the caller drops the card from the session.
    """
    if family.kind == BANK_KIND:
        return next((q for q in bank if family_of(q) == family), None)
    if family.kind not in available_kinds(lesson, context):
        return None
    start = rng.randrange(2**31)
    fallback: Question | None = None
    for question in _generated(family.kind, lesson, range(start, start + SEARCH_SEEDS), context):
        if family_of(question) != family:
            continue
        if question.id not in avoid:
            return question
        fallback = fallback or question
    return fallback


def lesson_families(lesson: Lesson, bank: Sequence[Question], context: GeneratorContext) -> list[NewItem]:
    """Every family the lesson can ask, in a stable order (kinds in registry order, then the bank)."""
    found: dict[FamilyKey, NewItem] = {}
    for kind in available_kinds(lesson, context):
        for question in _generated(kind, lesson, range(CATALOG_SEEDS), context):
            family = family_of(question)
            found.setdefault(family, NewItem(family, lesson.id, question.section))
    for question in bank:
        family = family_of(question)
        found.setdefault(family, NewItem(family, lesson.id, question.section))
    return list(found.values())
