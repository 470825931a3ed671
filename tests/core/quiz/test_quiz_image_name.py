"""`image_name`: answers from the reference core, wrong choices standing for real mistakes."""

from __future__ import annotations

import random

import pytest

from bot.core.lessons import Lesson
from bot.core.quiz.common import Option
from bot.core.quiz.image_mistakes import canonical_mistakes, component_options
from bot.core.quiz.registry import GeneratorContext, generate_question
from bot.core.quiz.validity import Validity, classify, validity_options
from bot.core.references import parse_reference, try_parse_reference


def texts(options: list[Option]) -> list[str]:
    return [o.text if isinstance(o.text, str) else o.text.fr for o in options]


def right(options: list[Option]) -> str:
    (only,) = [o for o in options if o.correct]
    return only.text if isinstance(only.text, str) else only.text.fr


@pytest.mark.parametrize(
    ("name", "ask", "expected"),
    [
        ("nginx", "registry", "docker.io"),
        ("nginx", "namespace", "library"),
        ("nginx", "tag", "latest"),
        ("localhost:5000/myapp:v1.0.0", "registry", "localhost:5000"),
        ("localhost:5000/myapp:v1.0.0", "namespace", "(aucun namespace)"),
        ("localhost:5000", "tag", "5000"),
        ("localhost:5000", "registry", "docker.io"),
        ("Johnwick/myapp", "registry", "Johnwick"),
        ("gcr.io/my-project/team/api:prod", "namespace", "my-project/team"),
        ("ghcr.io/acme/api@sha256:" + "a" * 64, "tag", "(aucun tag : l'image est épinglée par son digest)"),
        ("johnwick/myapp:v1.0.0", "repository", "myapp"),
    ],
)
def test_the_right_part_comes_from_the_reference_core(name: str, ask: str, expected: str) -> None:
    options = component_options(ask, name, parse_reference(name))
    assert right(options) == expected


def test_localhost_port_is_not_a_user_and_hub_is_not_a_registry() -> None:
    ref = parse_reference("localhost:5000/myapp:v1.0.0")
    wrong = texts(
        [o for o in component_options("namespace", "localhost:5000/myapp:v1.0.0", ref) if not o.correct]
    )
    assert "localhost:5000" in wrong  # reading the host as a user name
    hub = parse_reference("nginx")
    assert "hub.docker.com" in texts(component_options("registry", "nginx", hub))
    assert "(aucun namespace)" in texts(component_options("namespace", "nginx", hub))  # forgetting library/


@pytest.mark.parametrize(
    "name",
    [
        "nginx",
        "nginx:1.25-alpine",
        "johnwick/myapp",
        "localhost:5000/myapp:v1.0.0",
        "gcr.io/p/api@sha256:" + "b" * 64,
    ],
)
def test_every_canonical_mistake_is_proved_wrong(name: str) -> None:
    ref = parse_reference(name)
    for option in canonical_mistakes(name, ref, random.Random(1)):
        other = try_parse_reference(str(option.text))
        assert other is None or other.canonical != ref.canonical, option
        assert option.note.fr and option.note.en


def test_canonical_mistakes_cover_the_classic_ones() -> None:
    local = texts(
        canonical_mistakes(
            "localhost:5000/myapp:v1", parse_reference("localhost:5000/myapp:v1"), random.Random(0)
        )
    )
    assert "localhost/myapp:v1" in local  # dropped port
    assert "docker.io/localhost:5000/myapp:v1" in local  # host read as a user
    hub = texts(canonical_mistakes("nginx", parse_reference("nginx"), random.Random(0)))
    assert "hub.docker.com/library/nginx:latest" in hub
    assert any(
        t.startswith("docker.io/library/nginx:") and t != "docker.io/library/nginx:latest" for t in hub
    )
    assert "docker.io/library/Nginx:latest" in hub  # capitals


@pytest.mark.parametrize(
    ("name", "verdict"),
    [
        ("nginx", Validity.VALID),
        ("Johnwick/myapp", Validity.VALID),
        ("my--app", Validity.VALID),
        ("MyApp:v1.0.0", Validity.UPPERCASE),
        ("my app", Validity.FORMAT),
        ("nginx:", Validity.FORMAT),
        ("my___app", Validity.FORMAT),
        ("nginx@sha256:" + "a" * 40, Validity.DIGEST),
        ("a" * 64, Validity.IDENTIFIER),
    ],
)
def test_validity_comes_from_the_reference_core(name: str, verdict: Validity) -> None:
    assert classify(name)[0] is verdict
    options, _, _ = validity_options(name, random.Random(0))
    assert sum(o.correct for o in options) == 1
    assert len(set(texts(options))) == len(options) == 4


def test_generated_canonical_answers_match_the_reference_core(shipped_lesson: Lesson, context) -> None:
    checked = 0
    for seed in range(800):
        question = generate_question("image_name", shipped_lesson, seed, context)
        if question.params["ask"] != "canonical":
            continue
        checked += 1
        expected = parse_reference(question.params["reference"]).canonical
        assert question.answer_text() == expected
        for index, text in enumerate(question.choice_texts()):
            if index not in question.correct:
                other = try_parse_reference(text)
                assert other is None or other.canonical != expected
    assert checked > 100


def test_lesson_names_are_used(shipped_lesson: Lesson, context: GeneratorContext) -> None:
    lesson_names = {ref.familiar for ref in shipped_lesson.references}
    asked = {
        generate_question("image_name", shipped_lesson, s, context).params["reference"] for s in range(400)
    }
    assert asked & lesson_names
    assert asked - lesson_names  # and the seeded pool
