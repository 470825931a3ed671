"""Question banks: schema, located problems, YAML coercion traps, accept rules."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.banks import (
    AcceptMode,
    AcceptRule,
    BankParse,
    BankQuestionType,
    normalize_text_answer,
    parse_bank,
    resolve_bank_set,
)
from bot.core.lesson_parser import parse_lesson
from bot.core.lessons import Lesson
from bot.core.problems import Severity

PATH = "quizzes/10-registries.yaml"

LESSON_TEXT = """---
id: 10-registries
title: "Docker Hub et Registries"
description: "d"
order: 10
duration: "30 min"
icon: "📦"
xpReward: 200
objectives:
  - "Comprendre Docker Hub et les registries"
  - "Maîtriser le tagging et le push"
---

## 10.1 Docker Hub

## 10.2 Nommage
"""

HEADER = "schema_version: 1\nlesson: 10-registries\nquestions:\n"

SINGLE = """  - id: q-single
    type: single_choice
    section: "10.1"
    objective: 0
    difficulty: 1
    prompt:
      fr: "Registry par défaut ?"
      en: "Default registry?"
    choices: ["Docker Hub", {fr: "Un autre", en: "Another"}]
    answer: 0
    explanation: "Docker Hub est le registry par défaut."
"""

MULTIPLE = """  - id: q-multiple
    type: multiple_choice
    section: "10.2"
    objective: "Maîtriser le tagging et le push"
    difficulty: 2
    prompt: "Lesquels sont des registries ?"
    choices: ["gcr.io/a/b", "localhost:5000/x", "user/app"]
    answer: [0, 1]
    explanation: "Un point, un port ou localhost."
"""

TRUE_FALSE = """  - id: q-tf
    type: true_false
    section: "10.2"
    objective: 1
    difficulty: 1
    prompt: "latest est la version la plus récente."
    answer: false
    explanation: "C'est un tag par défaut."
"""

SHORT = """  - id: q-short
    type: short_answer
    section: "10.2"
    objective: 1
    difficulty: 2
    prompt: "Nom cible ?"
    accept:
      mode: image_reference
      values: ["tonusername/myapp:v1.0.0"]
    explanation: "Le namespace est ton compte."
"""

ORDERING = """  - id: q-order
    type: ordering
    section: "10.2"
    objective: 1
    difficulty: 1
    prompt: "Dans l'ordre"
    choices: ["push", "build", "tag"]
    answer: [1, 2, 0]
    explanation: "build, tag, push"
"""

ALL = SINGLE + MULTIPLE + TRUE_FALSE + SHORT + ORDERING


@pytest.fixture(scope="module")
def lessons() -> dict[str, Lesson]:
    lesson = parse_lesson(LESSON_TEXT, "content/10-registries.md").lesson
    assert lesson is not None
    return {lesson.id: lesson}


def parse(text: str, lessons: dict[str, Lesson]) -> BankParse:
    return parse_bank(text, PATH, lessons)


def errors(result: BankParse) -> list[str]:
    return [str(p) for p in result.problems if p.severity is Severity.ERROR]


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), start=1) if needle in line)


def test_every_question_type(lessons: dict[str, Lesson]) -> None:
    result = parse(HEADER + ALL, lessons)
    assert result.problems == ()
    assert result.bank is not None
    by_id = {q.id: q for q in result.bank.questions}
    single = by_id["q-single"]
    assert single.type is BankQuestionType.SINGLE_CHOICE
    assert single.prompt.get("en") == "Default registry?"
    assert [c.get("en") for c in single.choices] == ["Docker Hub", "Another"]
    assert single.correct == (0,) and single.objective == 0 and single.section == "10.1"
    assert single.line == line_of(HEADER + ALL, "id: q-single") and single.path == PATH
    multiple = by_id["q-multiple"]
    assert multiple.correct == (0, 1) and multiple.objective == 1
    assert multiple.objective_text == "Maîtriser le tagging et le push"
    assert by_id["q-tf"].truth is False and by_id["q-tf"].choices == ()
    short = by_id["q-short"]
    assert short.accept == AcceptRule(
        AcceptMode.IMAGE_REFERENCE, ("tonusername/myapp:v1.0.0",), "tonusername/myapp:v1.0.0"
    )
    assert by_id["q-order"].correct == (1, 2, 0)


@pytest.mark.parametrize(
    ("old", "new", "needle", "expected"),
    [
        (
            'choices: ["Docker Hub"',
            "choices: [yes",
            "choices: [yes",
            "choices[0]: YAML reads yes as a boolean",
        ),
        ('fr: "Registry par défaut ?"', "fr: off", "fr: off", "prompt.fr: YAML reads off as a boolean"),
        ('"gcr.io/a/b"', "1.0", "choices: [1.0", "choices[0]: YAML reads 1.0 as a number"),
        (
            'section: "10.1"',
            "section: 10.1",
            "section: 10.1",
            'section: YAML reads 10.1 as a number, not as text; quote it ("10.1")',
        ),
        (
            "difficulty: 2",
            "difficulty: hard",
            "difficulty: hard",
            "difficulty must be an integer from 1 to 3, got 'hard'",
        ),
        (
            "difficulty: 2",
            "difficulty: 4",
            "difficulty: 4",
            "difficulty must be an integer from 1 to 3, got 4",
        ),
        ("answer: false", 'answer: "false"', 'answer: "false"', "answer must be true or false, got 'false'"),
        ("answer: 0\n", "answer: 2\n", "answer: 2", "answer must be an integer from 0 to 1, got 2"),
        ("answer: [0, 1]", "answer: 1", "answer: 1", "answer must be a list, got 1"),
        (
            "answer: [1, 2, 0]",
            "answer: [1, 2]",
            "answer: [1, 2]",
            "answer must list every choice index (0 to 2) in order",
        ),
        ("answer: [0, 1]", "answer: [1, 1]", "answer: [1, 1]", "answer lists the same index twice"),
        (
            '"tonusername/myapp:v1.0.0"',
            '"TonUser/MyApp:v1"',
            "TonUser",
            "is not a valid image reference: invalid reference format",
        ),
        (
            "mode: image_reference",
            "mode: regexp",
            "mode: regexp",
            "accept.mode must be one of text, image_reference, regex",
        ),
        (
            'section: "10.1"',
            'section: "10.9"',
            'section: "10.9"',
            "section 10.9 does not exist in lesson '10-registries'",
        ),
        ("objective: 0", "objective: 5", "objective: 5", "objective 5 does not exist: the lesson has 2"),
        (
            'objective: "Maîtriser',
            'objective: "Autre chose"\n    x: "',
            "Autre chose",
            "objective 'Autre chose' is not one",
        ),
        ("type: ordering", "type: essay", "type: essay", "type must be one of single_choice"),
        (
            'choices: ["push", "build", "tag"]',
            'choices: ["push", "Push", "tag"]',
            'choices: ["push", "Push"',
            "choices[1] repeats choices[0]",
        ),
        (
            'choices: ["push", "build", "tag"]',
            'choices: ["push"]',
            'choices: ["push"]',
            "at least two entries",
        ),
        ("id: q-single", "id: Q Single", "id: Q Single", "id must be a slug"),
    ],
)
def test_located_errors_leave_the_other_questions(
    lessons: dict[str, Lesson], old: str, new: str, needle: str, expected: str
) -> None:
    text = HEADER + ALL.replace(old, new, 1)
    assert text != HEADER + ALL
    result = parse(text, lessons)
    where = f"{PATH}:{line_of(text, needle)}: error: "
    assert any(m.startswith(where) and expected in m for m in errors(result)), (where, result.problems)
    assert result.bank is not None and len(result.bank.questions) == 4


def test_missing_keys_and_answers(lessons: dict[str, Lesson]) -> None:
    text = (
        HEADER
        + SINGLE.replace('    explanation: "Docker Hub est le registry par défaut."\n', "")
        + TRUE_FALSE.replace("    answer: false\n", "")
        + SHORT.replace("accept:", "acept:")
    )
    result = parse(text, lessons)
    found = errors(result)
    assert f"{PATH}:4: error: question 'q-single': missing required key 'explanation'" in found
    assert any("question 'q-tf': missing required key 'answer'" in m for m in found)
    assert any("question 'q-short': missing required key 'accept'" in m for m in found)
    assert any("unknown key 'acept' is ignored (did you mean 'accept'?)" in str(p) for p in result.problems)
    assert result.bank is not None and result.bank.questions == ()


def test_regex_rules(lessons: dict[str, Lesson]) -> None:
    bad = SHORT.replace("mode: image_reference", "mode: regex").replace(
        '"tonusername/myapp:v1.0.0"', "'(unclosed'"
    )
    result = parse(HEADER + bad, lessons)
    assert any("is not a valid regular expression" in m for m in errors(result))
    no_display = SHORT.replace("mode: image_reference", "mode: regex")
    assert any("needs 'display'" in m for m in errors(parse(HEADER + no_display, lessons)))


def test_duplicate_question_id_in_a_bank(lessons: dict[str, Lesson]) -> None:
    text = HEADER + SINGLE + SINGLE
    result = parse(text, lessons)
    assert errors(result) == [f"{PATH}:15: error: duplicate question id 'q-single' (first at line 4)"]
    assert result.bank is not None and len(result.bank.questions) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "schema_version: 1\nlesson: 99-unknown\nquestions: []\n",
            f"{PATH}:2: error: lesson '99-unknown' is not a known",
        ),
        (
            "schema_version: 2\nlesson: 10-registries\nquestions: []\n",
            f"{PATH}:1: error: schema_version 2 is not supported",
        ),
        (
            "lesson: 10-registries\nquestions:\n  - a\n",
            f"{PATH}:1: error: missing required key 'schema_version'",
        ),
        (
            "schema_version: 1\nlesson: 10-registries\nquestions:\n  - a\n",
            f"{PATH}:4: error: questions[0] must be a mapping",
        ),
        ("schema_version: 1\nlesson: [10\n", f"{PATH}:3: error: invalid YAML"),
        ("", f"{PATH}:1: error: the bank file is empty"),
        ("- just a list\n", f"{PATH}:1: error: bank must be a mapping"),
    ],
)
def test_bank_level_errors(lessons: dict[str, Lesson], text: str, expected: str) -> None:
    result = parse(text, lessons)
    assert any(m.startswith(expected) for m in errors(result)), result.problems


def test_deeply_nested_yaml_is_an_error_not_a_crash() -> None:
    result = parse_bank("questions: " + "[" * 5000 + "]" * 5000 + "\n", PATH, {})
    assert errors(result) == [f"{PATH}:1: error: invalid YAML: nested too deeply"]


def test_undecodable_bank_is_an_error() -> None:
    result = parse_bank((HEADER + SINGLE).encode().replace(b"d\xc3\xa9faut", b"d\xe9faut"), PATH, {})
    assert result.bank is None
    assert errors(result)[0].startswith(f"{PATH}:{line_of(HEADER + SINGLE, 'défaut ?')}: error: undecodable")


def test_duplicate_ids_across_banks(lessons: dict[str, Lesson]) -> None:
    first = parse(HEADER + SINGLE, lessons)
    second = parse_bank(HEADER + MULTIPLE + SINGLE, "quizzes/other.yaml", lessons)
    kept, problems = resolve_bank_set([first, second])
    assert [len(k.bank.questions) for k in kept if k.bank] == [1, 1]
    assert [str(p) for p in problems] == [
        f"quizzes/other.yaml:13: error: duplicate question id 'q-single' (also {PATH}:4)"
    ]


@pytest.mark.parametrize(
    ("mode", "values", "answer", "ok"),
    [
        (AcceptMode.TEXT, ("library",), " Library/ ", True),
        (AcceptMode.TEXT, ("Clé d'API",), "cle  d api", True),
        (AcceptMode.TEXT, ("docker.io/library/nginx:latest",), "nginx", False),
        (AcceptMode.TEXT, ("AWS",), "!!!", False),
        (
            AcceptMode.IMAGE_REFERENCE,
            ("tonusername/myapp:v1.0.0",),
            "docker.io/tonusername/myapp:v1.0.0",
            True,
        ),
        (AcceptMode.IMAGE_REFERENCE, ("tonusername/myapp:v1.0.0",), "`tonusername/myapp:v1.0.0`", True),
        (AcceptMode.IMAGE_REFERENCE, ("nginx",), "docker.io/library/nginx:latest", True),
        (AcceptMode.IMAGE_REFERENCE, ("tonusername/myapp:v1.0.0",), "tonusername/myapp", False),
        (AcceptMode.IMAGE_REFERENCE, ("tonusername/myapp:v1",), "tonusername/MyApp:v1", False),
        (AcceptMode.REGEX, (r"(--all-tags|-a)",), " --all-tags ", True),
        (AcceptMode.REGEX, (r"(--all-tags|-a)",), "--all-tags now", False),
    ],
)
def test_accept_rules(mode: AcceptMode, values: tuple[str, ...], answer: str, ok: bool) -> None:
    assert AcceptRule(mode, values, values[0]).matches(answer) is ok


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=40))
def test_normalized_answers_are_stable(text: str) -> None:
    once = normalize_text_answer(text)
    assert normalize_text_answer(once) == once
    assert normalize_text_answer(text.upper()) == normalize_text_answer(text.lower()) or not text.isascii()


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab:- \n[]{}'\"yes1.0#&*!|>")), max_size=120))
def test_parse_bank_never_raises(text: str) -> None:
    result = parse_bank(HEADER + text, PATH, {})
    assert isinstance(result.problems, tuple)
