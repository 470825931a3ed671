"""Question families on the shipped lesson 10: every question has one, and a review gets a fresh question
of the same family."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from bot.core.coaching.families import family_of, lesson_families, question_for
from bot.core.coaching.srs import FamilyKey
from bot.core.lesson_parser import parse_lesson
from bot.core.lessons import Lesson
from bot.core.quiz.registry import GeneratorContext, available_kinds, generate_question
from bot.core.quiz.scenarios import build_registry_facts

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def lesson() -> Lesson:
    path = ROOT / "content" / "10-registries.md"
    parsed = parse_lesson(path.read_bytes(), str(path))
    assert parsed.lesson is not None
    return parsed.lesson


@pytest.fixture(scope="module")
def context() -> GeneratorContext:
    data = yaml.safe_load((ROOT / "content" / "scenarios" / "registries.yaml").read_text(encoding="utf-8"))
    return GeneratorContext(registry_facts=build_registry_facts(data))


def test_lesson_families_are_distinct_and_cover_every_kind(lesson: Lesson, context: GeneratorContext) -> None:
    items = lesson_families(lesson, [], context)
    families = [item.family for item in items]
    assert len(families) == len(set(families)) >= len(available_kinds(lesson, context))
    assert {f.kind for f in families} == set(available_kinds(lesson, context))
    assert all(f.objective in lesson.meta.objectives for f in families)
    image_variants = {f.variant for f in families if f.kind == "image_name"}
    assert len(image_variants) >= 3  # several parts of a name are asked about


def test_question_for_a_family_is_fresh(lesson: Lesson, context: GeneratorContext) -> None:
    first = generate_question("image_name", lesson, 11, context)
    family = family_of(first)
    again = question_for(family, lesson, [], context, random.Random(1), avoid=frozenset({first.id}))
    assert again is not None and family_of(again) == family and again.id != first.id


def test_unknown_family_gives_none(lesson: Lesson, context: GeneratorContext) -> None:
    assert question_for(FamilyKey("bank", "x", "gone"), lesson, [], context, random.Random(1)) is None
    assert question_for(FamilyKey("no_such_kind", "x", ""), lesson, [], context, random.Random(1)) is None
