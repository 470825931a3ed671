"""Learner-facing messages of rejected references, and the linear-time guarantee."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.reference_text import show
from bot.core.references import (
    InvalidReferenceError,
    ReferenceErrorKind,
    is_valid_reference,
    parse_reference,
)

H64 = "0123456789abcdef" * 4
K = ReferenceErrorKind
_FIX_FR = re.compile(r"Utilise `([^`]*)`\.$")
_FIX_EN = re.compile(r"Use `([^`]*)`\.$")


def _error(text: str) -> InvalidReferenceError:
    with pytest.raises(InvalidReferenceError) as caught:
        parse_reference(text)
    return caught.value


def _fix(message: str, pattern: re.Pattern[str]) -> str | None:
    found = pattern.search(message)
    return found.group(1) if found else None


def test_the_issue_example_points_at_the_repository_and_suggests_the_fix() -> None:
    error = _error("MyApp:v1")
    assert error.kind is K.UPPERCASE
    for lang, word in (("fr", "dépôt"), ("en", "repository")):
        message = error.message(lang)
        assert f"{word} `MyApp`" in message
        assert message.endswith("`myapp:v1`.")
    assert error.message() == error.message("fr")
    assert str(error) == error.message("en")


@pytest.mark.parametrize(
    ("text", "fragments_fr", "fragments_en", "fix"),
    [
        (H64, [H64, "identifiant"], [H64, "image IDs"], None),
        ("user/MyApp", ["`MyApp`", "majuscules"], ["`MyApp`", "capital"], "user/myapp"),
        ("MyOrg/App", ["`App`", "`MyOrg`", "registre"], ["`App`", "`MyOrg`", "registry"], "myorg/app"),
        (f"foo@SHA256:{H64}", ["`SHA256`", "minuscules"], ["`SHA256`", "lowercase"], f"foo@sha256:{H64}"),
        ("\u212a.com/foo", ["U+212A"], ["U+212A"], "k.com/foo"),
        ("a" * 248, ["256", "255", "`library/`"], ["256", "255", "`library/`"], None),
        ("user/" + "a" * 251, ["256", "255"], ["256", "255"], None),
        (f"foo@sha256:{H64[:63]}", ["64", "63"], ["64", "63"], None),
        (f"foo@sha512:{H64}", ["128", "64", "sha512"], ["128", "64", "sha512"], f"foo@sha256:{H64}"),
        ("foo@md5:" + "a" * 32, ["`md5`", "sha256"], ["`md5`", "sha256"], None),
        (f"foo:v@sha256:{H64.upper()}", ["minuscules"], ["lowercase"], f"foo:v@sha256:{H64}"),
        (f"foo:v@Sha256:{H64}", ["`Sha256`"], ["`Sha256`"], f"foo:v@sha256:{H64}"),
        ("nginx\n", ["`\\n`", "fin"], ["`\\n`", "end"], "nginx"),
        (" nginx", ["début"], ["start"], "nginx"),
        ("nginx latest", ["position 6"], ["position 6"], "nginx:latest"),
        ("", ["vide"], ["empty"], None),
        ("café", ["`é`", "U+00E9"], ["`é`", "U+00E9"], "cafe"),
        ("https://nginx", ["`https://`"], ["`https://`"], "nginx"),
        ("nginx:", ["`:`"], ["`:`"], "nginx"),
        ("nginx@", ["`@`"], ["`@`"], "nginx"),
        ("x:" + "t" * 129, ["129", "128"], ["129", "128"], None),
        ("x:-t", ["`-t`"], ["`-t`"], None),
        ("x:t+1", ["`+`"], ["`+`"], None),
        ("a..b", ["`..`"], ["`..`"], None),
        ("a___b", ["`___`"], ["`___`"], None),
        ("a/-b", ["`-`", "`a/-b`"], ["`-`", "`a/-b`"], None),
        ("a//b", ["vide"], ["empty"], None),
        ("a+b", ["`+`"], ["`+`"], None),
        ("::1/foo", ["crochets"], ["brackets"], None),
        ("[::1%eth0]:5000/a", ["IPv6"], ["IPv6"], None),
        ("host_x.com:80/a", ["`host_x.com`", "`_`"], ["`host_x.com`", "`_`"], None),
        ("host:port/a", ["`port`"], ["`port`"], None),
        ("a:b:c", ["`:`"], ["`:`"], None),
        ("ubuntu@sha256:abc", ["3", "tronqué"], ["3", "truncated"], None),
        ("ubuntu@sha256:" + "z" * 64, ["`z`"], ["`z`"], None),
    ],
)
def test_messages_point_at_the_offending_part(
    text: str, fragments_fr: list[str], fragments_en: list[str], fix: str | None
) -> None:
    error = _error(text)
    message_fr, message_en = error.message("fr"), error.message("en")
    for fragment in fragments_fr:
        assert fragment in message_fr
    for fragment in fragments_en:
        assert fragment in message_en
    assert _fix(message_fr, _FIX_FR) == fix
    assert _fix(message_en, _FIX_EN) == fix


NOISE = st.lists(
    st.sampled_from([*"aB0.-_/:@ \né", "__", "\u212a", "sha256:", H64, "Sha256:", "md5:", "localhost"]),
    max_size=10,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(NOISE)
def test_suggested_fixes_are_valid_and_the_same_in_both_languages(text: str) -> None:
    try:
        parse_reference(text)
    except InvalidReferenceError as error:
        fix_fr, fix_en = _fix(error.message("fr"), _FIX_FR), _fix(error.message("en"), _FIX_EN)
        assert fix_fr == fix_en
        if fix_fr is not None:
            assert fix_fr != text and is_valid_reference(fix_fr)


def test_show_makes_invisible_characters_visible_and_shortens() -> None:
    assert show("a\nb\tc\r") == "a\\nb\\tc\\r"
    assert show("a\u200bb") == "a\\u200bb"
    shown = show("x" * 1000)
    assert len(shown) < 100 and "…" in shown


MEGABYTE = 1_000_000
HUGE_INPUTS = [
    ("a" * MEGABYTE, K.NAME_TOO_LONG),
    ("a/" * (MEGABYTE // 2), K.INVALID_FORMAT),
    ("A" * MEGABYTE, K.UPPERCASE),
    ("a." * (MEGABYTE // 2) + "!", K.INVALID_FORMAT),
    ("a" * (MEGABYTE - 1) + "\n", K.INVALID_FORMAT),
    ("a_" * (MEGABYTE // 2), K.INVALID_FORMAT),
    ("a__" * (MEGABYTE // 3) + "a..b", K.INVALID_FORMAT),
    ("a-" * (MEGABYTE // 2), K.INVALID_FORMAT),
    ("é" * MEGABYTE, K.INVALID_FORMAT),
    ("@" * MEGABYTE, K.INVALID_FORMAT),
    ("[" + ":" * MEGABYTE, K.INVALID_FORMAT),
    ("x:" + "a" * MEGABYTE, K.INVALID_FORMAT),
    ("x@sha256:" + "a" * MEGABYTE, K.DIGEST_INVALID_LENGTH),
    ("x@sha256:" + "a" * MEGABYTE + "g", K.INVALID_FORMAT),
    ("x@" + "a." * (MEGABYTE // 2) + "b:" + H64, K.DIGEST_UNSUPPORTED),
    ("a/B" * (MEGABYTE // 3), K.UPPERCASE),
    ("a" * (MEGABYTE - 1) + "\u212a", K.UPPERCASE),
]


@pytest.mark.parametrize(("text", "kind"), HUGE_INPUTS, ids=[f"huge-{i}" for i in range(len(HUGE_INPUTS))])
def test_a_megabyte_is_rejected_quickly(text: str, kind: ReferenceErrorKind) -> None:
    started = time.perf_counter()
    error = _error(text)
    elapsed = time.perf_counter() - started
    assert error.kind is kind
    assert len(error.message("fr")) < 2_000
    # Measured at a few milliseconds; the bound leaves room for a busy machine.
    assert elapsed < 0.5


def test_a_megabyte_domain_is_valid_and_parsed_quickly() -> None:
    text = "a." * (MEGABYTE // 2) + "io/app:1"
    started = time.perf_counter()
    ref = parse_reference(text)
    assert time.perf_counter() - started < 0.5
    assert ref.registry == text[: -len("/app:1")] and ref.path == "app" and ref.tag == "1"
