"""Question generators, registered by kind, and the one way to call them deterministically."""

from __future__ import annotations

import importlib
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.core.lessons import Lesson
from bot.core.quiz.common import GeneratorUnavailableError
from bot.core.quiz.questions import Question
from bot.core.quiz.scenarios import RegistryFacts
from bot.core.text import LocalizedText

# Generator modules, listed explicitly; each registers itself on import.
GENERATOR_MODULES: tuple[str, ...] = (
    "bot.core.quiz.gen_image_name",
    "bot.core.quiz.gen_tag_meaning",
    "bot.core.quiz.gen_registry_choice",
    "bot.core.quiz.gen_command",
    "bot.core.quiz.gen_push_error",
)


@dataclass(frozen=True, slots=True)
class ErrorFact:
    """A known error for `push_error` questions: what it is, what it means, and real pastes of it.

    Built from the error catalog when it is loaded, else from the lesson's "common errors" subsection
    (then ``examples`` is empty and the generator writes a paste around ``headline``).
    """

    id: str
    headline: str  # the line Docker prints ("denied: requested access to the resource is denied")
    title: LocalizedText  # what the error is called
    causes: tuple[LocalizedText, ...]  # what it means / why it happens (one is the right answer)
    section: str = ""  # lesson section number teaching it, when known
    lesson: str = ""  # the lesson it belongs to ("" = any)
    examples: tuple[str, ...] = ()  # real terminal pastes showing only this error
    fix: LocalizedText | None = None


@dataclass(frozen=True, slots=True)
class GeneratorContext:
    """Facts from outside the lesson that some generators need (loaded by storage, passed down)."""

    registry_facts: RegistryFacts | None = None
    error_facts: tuple[ErrorFact, ...] = field(default_factory=tuple)


GenerateFn = Callable[[Lesson, random.Random, GeneratorContext], Question]
AvailableFn = Callable[[Lesson, GeneratorContext], bool]


@dataclass(frozen=True, slots=True)
class GeneratorSpec:
    kind: str
    generate: GenerateFn
    available: AvailableFn


_GENERATORS: dict[str, GeneratorSpec] = {}


def register(kind: str, available: AvailableFn) -> Callable[[GenerateFn], GenerateFn]:
    """Decorator: register ``fn(lesson, rng, context) -> Question`` as the generator of ``kind``."""

    def decorator(fn: GenerateFn) -> GenerateFn:
        _GENERATORS[kind] = GeneratorSpec(kind, fn, available)
        return fn

    return decorator


_ORDERED: dict[str, GeneratorSpec] = {}


def generators() -> dict[str, GeneratorSpec]:
    """Every registered generator by kind, in the order of GENERATOR_MODULES (modules imported once)."""
    if len(_ORDERED) != len(GENERATOR_MODULES):
        for module in GENERATOR_MODULES:
            importlib.import_module(module)
        _ORDERED.clear()
        _ORDERED.update({kind: _GENERATORS[kind] for kind in sorted(_GENERATORS, key=_module_order)})
    return _ORDERED


def _module_order(kind: str) -> int:
    name = f"bot.core.quiz.gen_{kind}"
    return GENERATOR_MODULES.index(name) if name in GENERATOR_MODULES else len(GENERATOR_MODULES)


def kinds() -> tuple[str, ...]:
    return tuple(generators())


def available_kinds(lesson: Lesson, context: GeneratorContext) -> tuple[str, ...]:
    """The kinds that can generate questions for this lesson."""
    return tuple(k for k, spec in generators().items() if spec.available(lesson, context))


class UnknownKindError(GeneratorUnavailableError):
    def __init__(self, kind: str, lesson_id: str) -> None:
        known = ", ".join(kinds())
        super().__init__(
            kind, lesson_id, f"type inconnu (connus : {known})", f"unknown kind (known: {known})"
        )


def question_rng(lesson_id: str, kind: str, seed: int) -> random.Random:
    """The generator's random source: fixed by lesson, kind and seed."""
    return random.Random(f"{lesson_id}/{kind}/{seed}")


def generate_question(kind: str, lesson: Lesson, seed: int, context: GeneratorContext) -> Question:
    """One question of ``kind`` for ``lesson``: the same lesson, kind and seed give the same question."""
    spec = generators().get(kind)
    if spec is None:
        raise UnknownKindError(kind, lesson.id)
    return spec.generate(lesson, question_rng(lesson.id, kind, seed), context)
