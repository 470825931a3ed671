"""Property-based tests of the image-reference core.

Besides the properties the issue asks for (generated valid references parse, canonical is a fixed point,
familiar round-trips), the core is compared with an independent oracle: a literal transliteration of
distribution/reference's regexp.go, normalize.go and reference.go and of go-digest's Validate, using
Python's backtracking ``re`` on the original (ambiguous) patterns. It is slow but obviously faithful; the core
must agree with it on validity, every component and the error kind.
"""

from __future__ import annotations

import re

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bot.core.references import InvalidReferenceError, parse_reference

# --- The oracle --------------------------------------------------------------------------------------------

_ALNUM = r"[a-z0-9]+"
_SEPARATOR = r"(?:[._]|__|[-]+)"
_DOMAIN_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_DOMAIN_AND_PORT = rf"(?:{_DOMAIN_COMPONENT}(?:\.{_DOMAIN_COMPONENT})*|\[(?:[a-fA-F0-9:]+)\])(?::[0-9]+)?"
_PATH_COMPONENT = rf"{_ALNUM}(?:{_SEPARATOR}{_ALNUM})*"
_REMOTE_NAME = rf"{_PATH_COMPONENT}(?:/{_PATH_COMPONENT})*"
_TAG = r"[\w][\w.-]{0,127}"
_DIGEST = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}"
ORACLE_REFERENCE = re.compile(
    rf"((?:{_DOMAIN_AND_PORT}/)?{_REMOTE_NAME})(?::({_TAG}))?(?:@({_DIGEST}))?", re.ASCII
)
ORACLE_NAME = re.compile(rf"(?:({_DOMAIN_AND_PORT})/)?({_REMOTE_NAME})", re.ASCII)
ORACLE_GO_DIGEST = re.compile(r"[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+")
ORACLE_SIZES = {"sha256": 32, "sha384": 48, "sha512": 64}


def go_to_lower(text: str) -> str:
    """Go's strings.ToLower: unicode.ToLower rune by rune (U+0130 becomes a plain "i")."""
    return "".join("i" if char == "\u0130" else char.lower() for char in text)


def oracle(text: str) -> tuple[str, ...]:
    """("ok", domain, path, tag, digest) or ("error", kind) as Docker decides."""
    if re.fullmatch(r"[a-f0-9]{64}", text):
        return ("error", "identifier_64hex")
    index = text.find("/")
    if index == -1:
        domain, remainder = "docker.io", "library/" + text
    else:
        first, rest = text[:index], text[index + 1 :]
        if first == "localhost" or "." in first or ":" in first or go_to_lower(first) != first:
            domain, remainder = first, rest
        else:
            domain, remainder = "docker.io", text
        if domain == "index.docker.io":
            domain = "docker.io"
        if domain == "docker.io" and "/" not in remainder:
            remainder = "library/" + remainder
    remote = remainder.split(":", 1)[0]
    if go_to_lower(remote) != remote:
        return ("error", "uppercase")
    full = f"{domain}/{remainder}"
    match = ORACLE_REFERENCE.fullmatch(full)
    if match is None:
        lowered = go_to_lower(full)
        if lowered != full and ORACLE_REFERENCE.fullmatch(lowered):
            return ("error", "uppercase")
        return ("error", "invalid_format")
    name = ORACLE_NAME.fullmatch(match.group(1))
    assert name is not None
    if len(name.group(2)) > 255:
        return ("error", "name_too_long")
    digest = match.group(3) or ""
    if digest:
        algorithm, encoded = digest.split(":", 1)
        if algorithm not in ORACLE_SIZES:
            kind = "digest_unsupported" if ORACLE_GO_DIGEST.fullmatch(digest) else "digest_invalid_format"
            return ("error", kind)
        if len(encoded) != ORACLE_SIZES[algorithm] * 2:
            return ("error", "digest_invalid_length")
        if not re.fullmatch(r"[a-f0-9]+", encoded):
            return ("error", "digest_invalid_format")
    return ("ok", name.group(1) or "", name.group(2), match.group(2) or "", digest)


def core(text: str) -> tuple[str, ...]:
    try:
        ref = parse_reference(text)
    except InvalidReferenceError as error:
        return ("error", str(error.kind))
    return ("ok", ref.registry, ref.path, ref.tag, ref.digest)


# --- Strategies --------------------------------------------------------------------------------------------

ALNUM = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=5)
SEPARATOR = st.sampled_from([".", "_", "__", "-", "--", "---"])
COMPONENT = st.builds(
    lambda head, rest: head + "".join(sep + part for sep, part in rest),
    ALNUM,
    st.lists(st.tuples(SEPARATOR, ALNUM), max_size=2),
)
PATH = st.lists(COMPONENT, min_size=1, max_size=3).map("/".join)
_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
LABEL = st.builds(
    lambda head, middle: head + (middle[0] + middle[1] if middle else ""),
    st.sampled_from(_LETTERS),
    st.none() | st.tuples(st.text(_LETTERS + "-", max_size=5), st.sampled_from(_LETTERS)),
)
HOST = st.one_of(
    st.lists(LABEL, min_size=2, max_size=4).map(".".join),
    st.sampled_from(["localhost", "docker.io", "index.docker.io", "[::1]", "[fe80::1]", "[::]"]),
    st.from_regex(r"\[[a-fA-F0-9]{0,4}:[a-fA-F0-9:]{0,10}\]", fullmatch=True),
)
DOMAIN = st.builds(lambda host, port: host + port, HOST, st.sampled_from(["", ":5000", ":0", ":443"]))
TAG = st.builds(str.__add__, st.sampled_from(_LETTERS + "_"), st.text(_LETTERS + "_.-", max_size=20))
DIGEST = st.sampled_from([("sha256", 32), ("sha384", 48), ("sha512", 64)]).flatmap(
    lambda pair: st.binary(min_size=pair[1], max_size=pair[1]).map(lambda raw: f"{pair[0]}:{raw.hex()}")
)


@st.composite
def references(draw: st.DrawFn) -> tuple[str, str | None, str, str]:
    domain = draw(st.none() | DOMAIN)
    path = draw(PATH)
    tag = draw(st.none() | TAG) or ""
    digest = draw(st.none() | DIGEST) or ""
    text = (f"{domain}/" if domain else "") + path
    text += (f":{tag}" if tag else "") + (f"@{digest}" if digest else "")
    return text, domain, tag, digest


NOISE = st.lists(
    st.sampled_from([*"ab0Z.-_/:@[] \n\té", "__", "\u212a", "\u0130", "sha256:", "f" * 32, "localhost"]),
    max_size=14,
).map("".join)


# --- Properties --------------------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(references())
def test_generated_valid_references_parse(case: tuple[str, str | None, str, str]) -> None:
    text, domain, tag, digest = case
    ref = parse_reference(text)
    assert (ref.tag, ref.digest) == (tag, digest)
    if domain is not None:
        assert ref.registry == ("docker.io" if domain == "index.docker.io" else domain)
    assert core(text) == oracle(text)


@settings(max_examples=150, deadline=None)
@given(references())
def test_canonical_is_a_fixed_point(case: tuple[str, str | None, str, str]) -> None:
    ref = parse_reference(case[0])
    again = parse_reference(ref.canonical)
    assert again.canonical == ref.canonical
    assert ref.canonical.endswith(":latest") or ref.tag or ref.digest


@settings(max_examples=150, deadline=None)
@given(references())
def test_familiar_round_trips(case: tuple[str, str | None, str, str]) -> None:
    ref = parse_reference(case[0])
    first = ref.familiar.partition("/")[0]
    # Docker's own exception: a Hub path whose first component looks like a host ("docker.io/a.b/c").
    host_like = "." in first or ":" in first or first == "localhost"
    assume(not (ref.registry == "docker.io" and "/" in ref.familiar and host_like))
    assert parse_reference(ref.familiar).canonical == ref.canonical


def test_familiar_of_a_host_like_hub_path_is_not_round_trippable() -> None:
    ref = parse_reference("docker.io/a.b/c")
    assert (ref.registry, ref.path, ref.familiar) == ("docker.io", "a.b/c", "a.b/c")
    assert parse_reference(ref.familiar).registry == "a.b"


@settings(max_examples=300, deadline=None)
@given(NOISE)
def test_agrees_with_the_oracle_on_noise(text: str) -> None:
    assert core(text) == oracle(text)


@settings(max_examples=200, deadline=None)
@given(references(), st.integers(0, 200), st.sampled_from([*"A.-_/:@ \n\u212a", "", "é"]))
def test_agrees_with_the_oracle_on_mutations(
    case: tuple[str, str | None, str, str], position: int, char: str
) -> None:
    text = case[0]
    position = min(position, len(text))
    for mutated in (text[:position] + char + text[position:], text[:position] + char + text[position + 1 :]):
        assert core(mutated) == oracle(mutated)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_text_is_parsed_or_rejected_with_a_message(text: str) -> None:
    try:
        parse_reference(text)
    except InvalidReferenceError as error:
        assert error.message("fr") and error.message("en") and error.docker_message
    assert core(text) == oracle(text)
