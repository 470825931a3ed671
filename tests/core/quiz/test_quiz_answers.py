"""Answer checking: equivalent references accepted, near misses rejected, free text normalized."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.quiz.answers import Selection, interpret, is_correct, normalize_text
from bot.core.quiz.questions import Accept, AcceptMode, Question, QuestionType
from bot.core.text import LocalizedText


def short(mode: AcceptMode, canonical: str, *values: str) -> Question:
    return Question(
        id="q",
        kind="bank",
        lesson="l",
        section="1.1",
        objective="o",
        difficulty=1,
        type=QuestionType.SHORT_ANSWER,
        prompt=LocalizedText("?"),
        accept=Accept(mode, canonical, values),
    )


def choice(qtype: QuestionType, choices: tuple[str, ...], correct: tuple[int, ...]) -> Question:
    return Question(
        id="c",
        kind="bank",
        lesson="l",
        section="1.1",
        objective="o",
        difficulty=1,
        type=qtype,
        prompt=LocalizedText("?"),
        choices=choices,
        correct=correct,
    )


NGINX = short(AcceptMode.IMAGE_REFERENCE, "docker.io/library/nginx:latest")


@pytest.mark.parametrize(
    "answer",
    [
        "nginx",
        "nginx:latest",
        "docker.io/library/nginx:latest",
        "index.docker.io/library/nginx",
        "library/nginx",
        "docker.io/nginx",
        "  `nginx:latest`  ",
    ],
)
def test_every_equivalent_reference_is_accepted(answer: str) -> None:
    assert is_correct(NGINX, interpret(NGINX, answer))


@pytest.mark.parametrize(
    "answer",
    [
        "nginx:1",
        "ngnix",
        "docker.io/nginx:stable",
        "NGINX",
        "nginx:Latest",
        "hub.docker.com/library/nginx",
        "",
        "  ",
    ],
)
def test_near_misses_are_rejected(answer: str) -> None:
    selection = interpret(NGINX, answer)
    assert selection is None or not is_correct(NGINX, selection)


def test_a_registry_with_a_port_must_keep_it() -> None:
    question = short(AcceptMode.IMAGE_REFERENCE, "localhost:5000/myapp:v1.0.0")
    assert is_correct(question, Selection(text="localhost:5000/myapp:v1.0.0"))
    assert not is_correct(question, Selection(text="localhost/myapp:v1.0.0"))
    assert not is_correct(question, Selection(text="myapp:v1.0.0"))


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("Clé d'accès", True),
        ("cle d acces", True),
        ("  CLÉ   D'ACCÈS !! ", True),
        ("clé-d'accès.", True),
        ("clé d'accès secrète", False),
        ("mot de passe", False),
    ],
)
def test_free_text_ignores_case_accents_punctuation_and_spaces(answer: str, expected: bool) -> None:
    question = short(AcceptMode.TEXT, "clé d'accès", "access token")
    assert is_correct(question, Selection(text=answer)) is expected


def test_free_text_accepts_listed_alternatives() -> None:
    question = short(AcceptMode.TEXT, "clé d'accès", "access token")
    assert is_correct(question, Selection(text="Access-Token"))


def test_normalize_text() -> None:
    assert normalize_text("  Évidemment,  C'EST ça ! ") == normalize_text("evidemment cest ca")


def test_regex_answers_match_the_whole_stripped_answer() -> None:
    question = short(AcceptMode.REGEX, "~/.docker/config.json", r"~?/?\.docker/config\.json")
    assert is_correct(question, Selection(text=" ~/.docker/config.json "))
    assert is_correct(question, Selection(text=".docker/config.json"))
    assert not is_correct(question, Selection(text="config.json"))


def test_choices_by_number_or_by_text() -> None:
    question = choice(QuestionType.SINGLE_CHOICE, ("docker.io", "hub.docker.com", "ghcr.io"), (0,))
    assert interpret(question, "1") == Selection(indices=(0,))
    assert interpret(question, " 2 ") == Selection(indices=(1,))
    assert interpret(question, "Docker.io") == Selection(indices=(0,))
    assert interpret(question, "4") is None
    assert interpret(question, "1,2") is None
    assert interpret(question, "quay.io") is None


def test_reference_choices_match_by_image() -> None:
    question = choice(
        QuestionType.SINGLE_CHOICE, ("docker.io/library/nginx:latest", "docker.io/library/nginx:1.27"), (0,)
    )
    assert interpret(question, "nginx") == Selection(indices=(0,))
    assert interpret(question, "nginx:1.27") == Selection(indices=(1,))


def test_true_false_accepts_words() -> None:
    question = choice(QuestionType.TRUE_FALSE, ("Vrai", "Faux"), (1,))
    assert is_correct(question, interpret(question, "faux"))
    assert is_correct(question, interpret(question, "false"))
    assert not is_correct(question, interpret(question, "oui"))


def test_multiple_choice_and_ordering() -> None:
    multi = choice(QuestionType.MULTIPLE_CHOICE, ("a", "b", "c"), (0, 2))
    assert is_correct(multi, interpret(multi, "3, 1"))
    assert not is_correct(multi, interpret(multi, "1"))
    assert not is_correct(multi, interpret(multi, "1,1,3"))
    order = choice(QuestionType.ORDERING, ("a", "b", "c"), (2, 0, 1))
    assert is_correct(order, interpret(order, "3 1 2"))
    assert not is_correct(order, interpret(order, "1 2 3"))
    assert interpret(order, "1 2") is None


_component = st.from_regex(r"[a-z][a-z0-9]{0,6}", fullmatch=True)
_tag = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,8}", fullmatch=True)


@settings(max_examples=150, deadline=None)
@given(_component, st.one_of(st.none(), _component), st.one_of(st.none(), _tag))
def test_equivalent_hub_forms_are_accepted_and_another_tag_is_not(
    repository: str, namespace: str | None, tag: str | None
) -> None:
    path = f"{namespace}/{repository}" if namespace else f"library/{repository}"
    canonical = f"docker.io/{path}:{tag or 'latest'}"
    question = short(AcceptMode.IMAGE_REFERENCE, canonical)
    short_name = f"{namespace}/{repository}" if namespace else repository
    suffix = f":{tag}" if tag else ""
    forms = [
        f"{short_name}{suffix}",
        f"docker.io/{path}{suffix}",
        f"index.docker.io/{path}{suffix}",
        canonical,
    ]
    if not tag:
        forms.append(f"{short_name}:latest")
    for form in forms:
        assert is_correct(question, Selection(text=form)), form
    other = "other" if tag != "other" else "else"
    assert not is_correct(question, Selection(text=f"{short_name}:{other}"))
