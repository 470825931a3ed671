"""registry_choice, command, push_error and tag_meaning: answers derived from facts, near misses."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.lessons import Lesson
from bot.core.quiz.gen_command import effect
from bot.core.quiz.gen_push_error import error_facts_from_catalog, lesson_error_facts
from bot.core.quiz.registry import GeneratorContext, UnknownKindError, available_kinds, generate_question
from bot.core.quiz.scenarios import ScenarioFactsError, build_registry_facts
from bot.core.quiz.tag_strategy import Version, resolve_tag, tags_to_move

ROOT = Path(__file__).resolve().parents[3]


def test_shipped_scenarios_each_have_one_fitting_registry(context: GeneratorContext) -> None:
    facts = context.registry_facts
    assert facts is not None and len(facts.scenarios) >= 6
    for scenario in facts.scenarios:
        assert len(facts.fitting(scenario)) == 1


def test_ambiguous_or_broken_scenarios_are_refused() -> None:
    data = {
        "properties": {"a": "prop a", "b": "prop b"},
        "registries": {"x": {"name": "X", "properties": ["a"]}, "y": {"name": "Y", "properties": ["a", "b"]}},
        "scenarios": [
            {"id": "two-fit", "situation": "s", "requires": ["a"]},
            {"id": "none-fit", "situation": "s", "requires": ["c"]},
            {"id": "ok", "situation": "s", "requires": ["b"]},
        ],
    }
    with pytest.raises(ScenarioFactsError) as caught:
        build_registry_facts(data)
    items = [item for item, _ in caught.value.problems]
    assert "two-fit" in items and "none-fit" in items and "ok" not in items


def test_registry_choice_answer_is_the_registry_with_every_required_property(
    shipped_lesson: Lesson, context: GeneratorContext
) -> None:
    facts = context.registry_facts
    assert facts is not None
    for seed in range(100):
        question = generate_question("registry_choice", shipped_lesson, seed, context)
        scenario = next(s for s in facts.scenarios if s.id == question.params["scenario"])
        assert question.answer_text() == facts.answer(scenario).name.fr
        assert question.section == "10.6"


def test_registry_choice_needs_the_facts(shipped_lesson: Lesson) -> None:
    assert "registry_choice" not in available_kinds(shipped_lesson, GeneratorContext())


def test_command_answers_do_what_is_asked(shipped_lesson: Lesson, context: GeneratorContext) -> None:
    for seed in range(300):
        question = generate_question("command", shipped_lesson, seed, context)
        params = question.params
        wanted = (
            ("tag", *effect(f"docker tag {params['source']} {params['destination']}")[1:])
            if params["action"] == "tag"
            else effect(f"docker push {params['destination']}")
        )
        effects = [effect(text) for text in question.choice_texts()]
        assert [i for i, e in enumerate(effects) if e == wanted] == list(question.correct)


def test_command_near_misses(mini_lesson: Lesson, context: GeneratorContext) -> None:
    seen: set[str] = set()
    for seed in range(300):
        question = generate_question("command", mini_lesson, seed, context)
        seen.update(m.fr for m in question.mistakes if m.fr)
    assert any("inversés" in note for note in seen)
    assert any("port" in note for note in seen)
    assert any("Docker Hub" in note for note in seen)
    assert any("tag" in note for note in seen)


def test_push_errors_come_from_the_lesson_section(mini_lesson: Lesson, context: GeneratorContext) -> None:
    facts = lesson_error_facts(mini_lesson)
    assert [f.headline for f in facts][:2] == [
        "denied: requested access to the resource is denied",
        "unauthorized: authentication required",
    ]
    assert all(f.section == "3.3" for f in facts)
    question = generate_question("push_error", mini_lesson, 3, context)
    assert question.section == "3.3"
    assert "```" in question.prompt.fr


def test_push_error_uses_the_real_lowercase_message(mini_lesson: Lesson, context: GeneratorContext) -> None:
    for seed in range(200):
        question = generate_question("push_error", mini_lesson, seed, context)
        if question.params["error"].startswith("invalid-reference-format"):
            assert "invalid reference format: repository name (" in question.prompt.fr
            assert "must be lowercase" in question.prompt.fr
            return
    pytest.fail("no lowercase question in 200 seeds")


def test_push_error_prefers_the_error_catalog(shipped_lesson: Lesson) -> None:
    from bot.storage.error_catalog import load_error_catalog

    catalog, _ = load_error_catalog(ROOT / "content" / "errors")
    facts = error_facts_from_catalog(catalog)
    assert len(facts) >= 3
    context = GeneratorContext(error_facts=facts)
    question = generate_question("push_error", shipped_lesson, 1, context)
    assert question.params["error"] in {f.id for f in facts}
    assert question.params["paste"] in next(f.examples for f in facts if f.id == question.params["error"])


def test_tag_meaning_answers_come_from_the_tag_strategy(shipped_lesson: Lesson, context) -> None:
    for seed in range(300):
        question = generate_question("tag_meaning", shipped_lesson, seed, context)
        params = question.params
        if params["ask"] == "moves":
            published = tuple(Version.parse(v) for v in params["published"])
            moved = tags_to_move(Version.parse(params["release"]), published)
            expected = ", ".join(moved) if len(moved) > 1 else f"{moved[0]} seulement"
            assert question.answer_text() == expected
        elif params["ask"] == "pinned":
            after = (*(Version.parse(v) for v in params["published"]), Version.parse(params["release"]))
            assert question.answer_text() == str(resolve_tag(params["pin"], after))


def test_unknown_kind(shipped_lesson: Lesson, context: GeneratorContext) -> None:
    with pytest.raises(UnknownKindError):
        generate_question("nope", shipped_lesson, 0, context)
