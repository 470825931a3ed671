"""`image_name` questions: how Docker expands a name, its parts, and whether it is valid.

Every answer comes from the reference core; every wrong choice stands for a real mistake and is checked
against the reference core (different canonical form, or not a valid reference at all).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from enum import StrEnum

from bot.core.lessons import Lesson
from bot.core.quiz import name_pool
from bot.core.quiz.common import (
    GeneratorUnavailableError,
    Option,
    build_question,
    lt,
    objective_for,
    section_number,
)
from bot.core.quiz.image_mistakes import (
    canonical_mistakes,
    component_options,
    part_choice_key,
    same_choice_key,
)
from bot.core.quiz.questions import Question
from bot.core.quiz.registry import GeneratorContext, register
from bot.core.quiz.validity import validity_options
from bot.core.references import ImageReference, InvalidReferenceError, parse_reference

KIND = "image_name"
MAX_ATTEMPTS = 30


class Ask(StrEnum):
    CANONICAL = "canonical"
    REGISTRY = "registry"
    NAMESPACE = "namespace"
    REPOSITORY = "repository"
    TAG = "tag"
    VALID = "valid"


ASK_WEIGHTS = {
    Ask.CANONICAL: 3,
    Ask.REGISTRY: 2,
    Ask.NAMESPACE: 2,
    Ask.REPOSITORY: 1,
    Ask.TAG: 2,
    Ask.VALID: 2,
}

PROMPTS = {
    Ask.CANONICAL: lt(
        "Quel est le nom complet (expansion canonique) que Docker utilise pour `{ref}` ?",
        "What full name (canonical expansion) does Docker use for `{ref}`?",
    ),
    Ask.REGISTRY: lt("Dans `{ref}`, quel est le registry ?", "In `{ref}`, what is the registry?"),
    Ask.NAMESPACE: lt("Dans `{ref}`, quel est le namespace ?", "In `{ref}`, what is the namespace?"),
    Ask.REPOSITORY: lt("Dans `{ref}`, quel est le repository ?", "In `{ref}`, what is the repository?"),
    Ask.TAG: lt("Quel tag Docker utilise-t-il pour `{ref}` ?", "Which tag does Docker use for `{ref}`?"),
    Ask.VALID: lt(
        "Le nom d'image `{ref}` est-il valide pour Docker ?", "Is `{ref}` a valid image name for Docker?"
    ),
}


def lesson_names(lesson: Lesson) -> tuple[str, ...]:
    return tuple(ref.familiar for ref in lesson.references)


def _available(lesson: Lesson, context: GeneratorContext) -> bool:
    return bool(lesson.section_for_keyword("nommage", "nommer", "naming", "nom"))


def _difficulty(family: str, ref: ImageReference | None, ask: Ask) -> int:
    if family in ("tricky", "invalid"):
        return 3
    if ref is not None and (ref.digest or ":" in ref.registry or family == "hosted"):
        return 2
    return 2 if ask is Ask.VALID else 1


def _canonical_options(text: str, ref: ImageReference, rng: random.Random) -> list[Option]:
    options = [Option(ref.canonical, True)]
    options.extend(canonical_mistakes(text, ref, rng))
    return options


def _dedupe(
    options: list[Option], key: Callable[[Option], str], limit: int, rng: random.Random
) -> list[Option]:
    """Keep the right option and up to ``limit - 1`` wrong ones, none equivalent to another."""
    right = next(o for o in options if o.correct)
    seen = {key(right)}
    wrong: list[Option] = []
    for option in options:
        if option.correct or key(option) in seen:
            continue
        seen.add(key(option))
        wrong.append(option)
    rng.shuffle(wrong)
    return [right, *wrong[: limit - 1]]


def _why(ask: Ask, text: str, ref: ImageReference | None, error: InvalidReferenceError | None):
    if error is not None:
        return lt(
            f"`{text}` est invalide : {error.message('fr')} (Docker : « {error.docker_message} »).",
            f'`{text}` is invalid: {error.message("en")} (Docker: "{error.docker_message}").',
        )
    assert ref is not None
    return lt(
        f"Docker lit `{text}` comme `{ref.canonical}` : registry `{ref.registry}`, chemin `{ref.path}`"
        f"{f', tag `{ref.tag}`' if ref.tag else ''}{f', digest `{ref.digest}`' if ref.digest else ''}.",
        f"Docker reads `{text}` as `{ref.canonical}`: registry `{ref.registry}`, path `{ref.path}`"
        f"{f', tag `{ref.tag}`' if ref.tag else ''}{f', digest `{ref.digest}`' if ref.digest else ''}.",
    )


def _pick_name(lesson: Lesson, rng: random.Random, ask: Ask) -> name_pool.PoolName:
    if ask is Ask.VALID and rng.random() < 0.6:
        return name_pool.PoolName(name_pool.invalid_name(rng), "invalid")
    return name_pool.pool_name(rng, lesson_names(lesson))


def _options_for(
    ask: Ask, text: str, rng: random.Random
) -> tuple[list[Option], ImageReference | None, object]:
    """Options for one name and ask; the third item is the parse error for `valid` asks."""
    if ask is Ask.VALID:
        options, ref, error = validity_options(text, rng)
        return options, ref, error
    ref = parse_reference(text)
    if ask is Ask.CANONICAL:
        options = _canonical_options(text, ref, rng)
    else:
        options = component_options(str(ask), text, ref)
    return options, ref, None


def _leaks(ask: Ask, text: str, answer: str, prompt: str) -> bool:
    """The answer must not appear verbatim in the prompt (outside the name asked about for parts)."""
    if ask in (Ask.CANONICAL, Ask.VALID):
        return answer in prompt
    return answer in prompt.replace(f"`{text}`", "")


@register(KIND, _available)
def generate(lesson: Lesson, rng: random.Random, context: GeneratorContext) -> Question:
    asks = list(ASK_WEIGHTS)
    weights = [ASK_WEIGHTS[a] for a in asks]
    for _ in range(MAX_ATTEMPTS):
        ask = rng.choices(asks, weights)[0]
        name = _pick_name(lesson, rng, ask)
        if ask is not Ask.VALID and name.family == "invalid":
            continue
        options, ref, error = _options_for(ask, name.text, rng)
        if ask is Ask.CANONICAL and ref is not None and ref.canonical == name.text:
            continue
        options = _dedupe(options, same_choice_key if ask is Ask.CANONICAL else part_choice_key, 4, rng)
        if len(options) < 3:
            continue
        prompt = PROMPTS[ask]
        prompt = lt(prompt.fr.format(ref=name.text), prompt.en.format(ref=name.text))
        answer = options[0].text
        if any(_leaks(ask, name.text, _plain(answer, lang), prompt.get(lang)) for lang in ("fr", "en")):
            continue
        return build_question(
            kind=KIND,
            lesson=lesson,
            section=section_number(lesson, "nommage", "nommer", "naming", "nom"),
            objective=objective_for(lesson, "nommage", "nom", "comprendre", "registr"),
            difficulty=_difficulty(name.family, ref, ask),
            prompt=prompt,
            why=_why(ask, name.text, ref, error if isinstance(error, InvalidReferenceError) else None),
            options=options,
            params={"reference": name.text, "ask": str(ask)},
            rng=rng,
        )
    raise GeneratorUnavailableError(KIND, lesson.id, "aucun nom exploitable", "no usable name")


def _plain(choice: object, lang: str) -> str:
    return choice if isinstance(choice, str) else choice.get(lang)  # type: ignore[attr-defined]
