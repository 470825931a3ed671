"""Quality invariants of every generator, over thousands of seeds."""

from __future__ import annotations

import re

import pytest

from bot.core.lessons import Lesson
from bot.core.quiz.gen_command import effect
from bot.core.quiz.questions import Question, QuestionType
from bot.core.quiz.registry import GeneratorContext, generate_question, kinds
from bot.core.references import try_parse_reference

SEEDS_SHIPPED = 1500
SEEDS_MINI = 300
# Asks whose answer is necessarily a part of the material quoted in the prompt (a part of a name, a version
# from the quoted history): there the answer must not appear outside the quoted material.
QUOTED_MATERIAL_ASKS = {
    ("image_name", "registry"),
    ("image_name", "namespace"),
    ("image_name", "repository"),
    ("image_name", "tag"),
    ("tag_meaning", "pinned"),
}
_QUOTED = re.compile(r"```.*?```|`[^`]*`", re.DOTALL)


def choice_key(question: Question, text: str) -> str:
    """Two choices are the same choice when they read the same, name the same image or do the same thing."""
    if question.kind == "command":
        return repr(effect(text))
    if " " not in text and ("/" in text or "@" in text):
        ref = try_parse_reference(text)
        return ref.canonical if ref is not None else f"!{text}"
    return " ".join(text.casefold().split())


def check_question(question: Question) -> list[str]:
    problems: list[str] = []
    where = f"{question.id} {dict(question.params)}"
    if question.type in (QuestionType.SINGLE_CHOICE, QuestionType.TRUE_FALSE) and len(question.correct) != 1:
        problems.append(f"{where}: {len(question.correct)} correct choices")
    for lang in ("fr", "en"):
        texts = question.choice_texts(lang)
        keys = [choice_key(question, t) for t in texts]
        if len(set(keys)) != len(keys):
            problems.append(f"{where}: equivalent choices {texts}")
        prompt = question.prompt.get(lang)
        answer = question.answer_text(lang)
        ask = (question.kind, str(question.params.get("ask", "")))
        searched = _QUOTED.sub(" ", prompt) if ask in QUOTED_MATERIAL_ASKS else prompt
        if answer in searched:
            problems.append(f"{where}: answer {answer!r} appears in the prompt")
    for index, mistake in enumerate(question.mistakes):
        if index not in question.correct and not mistake.fr:
            problems.append(f"{where}: wrong choice {index} has no mistake note")
    if not question.explanation.fr or not question.section or not question.objective:
        problems.append(f"{where}: missing explanation, section or objective")
    return problems


def _run(kind: str, lesson: Lesson, context: GeneratorContext, seeds: int) -> None:
    problems: list[str] = []
    for seed in range(seeds):
        problems.extend(check_question(generate_question(kind, lesson, seed, context)))
        if len(problems) > 10:
            break
    assert problems == []


@pytest.mark.parametrize("kind", kinds())
def test_invariants_on_the_shipped_lesson(
    kind: str, shipped_lesson: Lesson, context: GeneratorContext
) -> None:
    _run(kind, shipped_lesson, context, SEEDS_SHIPPED)


@pytest.mark.parametrize("kind", kinds())
def test_invariants_on_a_small_lesson(kind: str, mini_lesson: Lesson, context: GeneratorContext) -> None:
    _run(kind, mini_lesson, context, SEEDS_MINI)


@pytest.mark.parametrize("kind", kinds())
def test_same_lesson_and_seed_give_the_same_question(kind: str, shipped_lesson: Lesson, context) -> None:
    for seed in range(0, 400, 7):
        first = generate_question(kind, shipped_lesson, seed, context)
        again = generate_question(kind, shipped_lesson, seed, context)
        assert first == again
        assert first.to_json() == again.to_json()


@pytest.mark.parametrize("kind", kinds())
def test_seeds_give_varied_questions(kind: str, shipped_lesson: Lesson, context) -> None:
    ids = {generate_question(kind, shipped_lesson, seed, context).id for seed in range(60)}
    assert len(ids) >= 5


def test_the_id_is_a_fingerprint_of_kind_and_params(shipped_lesson: Lesson, context) -> None:
    by_id: dict[str, tuple] = {}
    for seed in range(300):
        question = generate_question("image_name", shipped_lesson, seed, context)
        signature = (question.kind, tuple(sorted(question.params.items())))
        assert by_id.setdefault(question.id, signature) == signature


def test_invariants_of_push_errors_from_the_error_catalog(shipped_lesson: Lesson, catalog_context) -> None:
    assert len(catalog_context.error_facts) >= 3
    _run("push_error", shipped_lesson, catalog_context, 800)
