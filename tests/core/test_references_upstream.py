"""Docker's own test vectors (distribution/reference normalize_test.go and reference_test.go), as data.

The upstream tests state what ``ParseNormalizedNamed`` and ``Parse`` return; the same inputs must give the
same results here. One upstream vector predates distribution/reference#9 (v0.6.0 counts only the path
against the 255-character limit, not the domain) and is adapted accordingly.
"""

from __future__ import annotations

import pytest

from bot.core.reference_grammar import split_name
from bot.core.references import (
    ImageReference,
    ReferenceErrorKind,
    _parse_normalized,
    is_valid_reference,
    parse_reference,
)

F64 = "f" * 64
V6 = "[2001:db8:1:2:3:4:5:6]"
K = ReferenceErrorKind

NORMALIZED_VALID = [
    "docker/docker",
    "library/debian",
    "debian",
    "docker.io/docker/docker",
    "docker.io/library/debian",
    "docker.io/debian",
    "index.docker.io/docker/docker",
    "index.docker.io/library/debian",
    "index.docker.io/debian",
    "127.0.0.1:5000/docker/docker",
    "127.0.0.1:5000/library/debian",
    "127.0.0.1:5000/debian",
    "192.168.0.1",
    "192.168.0.1:80",
    "192.168.0.1:8/debian",
    "192.168.0.2:25000/debian",
    "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
    "[fc00::1]:5000/docker",
    "[fc00::1]:5000/docker/docker",
    "[fc00:1:2:3:4:5:6:7]:5000/library/debian",
    "docker.io/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a",
    "Docker/docker",
    "DOCKER/docker",
    "docker-rules/docker",
    "docker---rules/docker",
    "doc/docker",
    "d/docker",
    "jess/t",
    "dock__er/docker",
]

NORMALIZED_INVALID = [
    "https://github.com/docker/docker",
    "docker/Docker",
    "-docker",
    "-docker/docker",
    "-docker.io/docker/docker",
    "docker///docker",
    "docker.io/docker/Docker",
    "docker.io/docker///docker",
    "[fc00::1]",
    "[fc00::1]:5000",
    "fc00::1:5000/debian",
    "[fe80::1%eth0]:5000/debian",
    "[2001:db8:3:4::192.0.2.33]:5000/debian",
    "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a",
    "docker-/docker",
    "-docker-/docker",
    "____/____",
    "_docker/_docker",
    "dock..er/docker",
    "dock_.er/docker",
    "dock-.er/docker",
    "docker/",
    "this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_" * 4 + "/docker",
]


@pytest.mark.parametrize("text", NORMALIZED_VALID)
def test_upstream_valid_names(text: str) -> None:
    assert is_valid_reference(text)


@pytest.mark.parametrize("text", NORMALIZED_INVALID)
def test_upstream_invalid_names(text: str) -> None:
    assert not is_valid_reference(text)


# path, familiar, full name, other spellings, domain (TestParseRepositoryInfo)
REPOSITORY_INFO = [
    ("fooo/bar", "fooo/bar", "docker.io/fooo/bar", ["index.docker.io/fooo/bar"], "docker.io"),
    ("library/ubuntu", "ubuntu", "docker.io/library/ubuntu", ["library/ubuntu"], "docker.io"),
    ("nonlibrary/ubuntu", "nonlibrary/ubuntu", "docker.io/nonlibrary/ubuntu", [], "docker.io"),
    ("other/library", "other/library", "docker.io/other/library", [], "docker.io"),
    ("private/moonbase", "127.0.0.1:8000/private/moonbase", None, [], "127.0.0.1:8000"),
    ("privatebase", "127.0.0.1:8000/privatebase", None, [], "127.0.0.1:8000"),
    ("private/moonbase", "example.com/private/moonbase", None, [], "example.com"),
    ("privatebase", "example.com/privatebase", None, [], "example.com"),
    ("private/moonbase", "example.com:8000/private/moonbase", None, [], "example.com:8000"),
    ("privatebasee", "example.com:8000/privatebasee", None, [], "example.com:8000"),
    (
        "library/ubuntu-12.04-base",
        "ubuntu-12.04-base",
        "docker.io/library/ubuntu-12.04-base",
        ["index.docker.io/library/ubuntu-12.04-base"],
        "docker.io",
    ),
    ("library/foo", "foo", "docker.io/library/foo", ["docker.io/foo"], "docker.io"),
    ("library/foo/bar", "library/foo/bar", "docker.io/library/foo/bar", [], "docker.io"),
    ("store/foo/bar", "store/foo/bar", "docker.io/store/foo/bar", [], "docker.io"),
    ("bar", "Foo/bar", None, [], "Foo"),
    ("bar", "FOO/bar", None, [], "FOO"),
]


@pytest.mark.parametrize(("path", "familiar", "full", "others", "domain"), REPOSITORY_INFO)
def test_upstream_repository_info(
    path: str, familiar: str, full: str | None, others: list[str], domain: str
) -> None:
    full = full or familiar
    for text in [familiar, full, *others]:
        ref = parse_reference(text)
        assert (ref.registry, ref.path) == (domain, path)
        assert ref.familiar == familiar
        assert ref.name == full
        assert ref.canonical == f"{full}:latest"


@pytest.mark.parametrize(
    ("text", "domain", "path"),
    [
        ("test.com/foo", "test.com", "foo"),
        ("test_com/foo", "docker.io", "test_com/foo"),
        ("docker/migrator", "docker.io", "docker/migrator"),
        ("test.com:8080/foo", "test.com:8080", "foo"),
        ("test-com:8080/foo", "test-com:8080", "foo"),
        ("foo", "docker.io", "library/foo"),
        ("xn--n3h.com/foo", "xn--n3h.com", "foo"),
        ("xn--n3h.com:18080/foo", "xn--n3h.com:18080", "foo"),
        ("docker.io/foo", "docker.io", "library/foo"),
        ("docker.io/library/foo", "docker.io", "library/foo"),
        ("docker.io/library/foo/bar", "docker.io", "library/foo/bar"),
    ],
)
def test_upstream_normalized_split(text: str, domain: str, path: str) -> None:
    ref = parse_reference(text)
    assert (ref.registry, ref.path) == (domain, path)


def test_upstream_tag_and_digest() -> None:
    short = "busybox:latest@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa"
    ref = parse_reference(short)
    assert ref.canonical == "docker.io/library/" + short
    assert ref.familiar == short


# Parse (without normalization): input, error kind or None, name, domain, tag, digest.
PARSE = [
    ("test_com", None, "test_com", "", "", ""),
    ("test.com:tag", None, "test.com", "", "tag", ""),
    ("test.com:5000", None, "test.com", "", "5000", ""),
    ("test.com/repo:tag", None, "test.com/repo", "test.com", "tag", ""),
    ("test:5000/repo", None, "test:5000/repo", "test:5000", "", ""),
    ("test:5000/repo:tag", None, "test:5000/repo", "test:5000", "tag", ""),
    (f"test:5000/repo@sha256:{F64}", None, "test:5000/repo", "test:5000", "", f"sha256:{F64}"),
    (f"test:5000/repo:tag@sha256:{F64}", None, "test:5000/repo", "test:5000", "tag", f"sha256:{F64}"),
    (":justtag", K.INVALID_FORMAT, "", "", "", ""),
    (f"@sha256:{F64}", K.INVALID_FORMAT, "", "", "", ""),
    ("repo@sha256:" + "f" * 34, K.DIGEST_INVALID_LENGTH, "", "", "", ""),
    (f"validname@invaliddigest:{F64}", K.DIGEST_UNSUPPORTED, "", "", "", ""),
    ("Uppercase:tag", K.UPPERCASE, "", "", "", ""),
    ("test:5000/Uppercase/lowercase:tag", K.UPPERCASE, "", "", "", ""),
    ("lowercase:Uppercase", None, "lowercase", "", "Uppercase", ""),
    # Upstream expected "too long" here before distribution/reference#9; v0.6.0 counts the path only
    # (the domain "a" is not counted, the path is exactly 255 characters).
    ("a/" * 128 + "a:tag", None, "a/" * 128 + "a", "a", "tag", ""),
    ("a/" * 129 + "a:tag", K.NAME_TOO_LONG, "", "", "", ""),
    ("a/" * 127 + "a:tag-puts-this-over-max", None, "a/" * 127 + "a", "a", "tag-puts-this-over-max", ""),
    ("aa/asdf$$^/aa", K.INVALID_FORMAT, "", "", "", ""),
    ("sub-dom1.foo.com/bar/baz/quux", None, "sub-dom1.foo.com/bar/baz/quux", "sub-dom1.foo.com", "", ""),
    (
        "b.gcr.io/test.example.com/my-app:test.example.com",
        None,
        "b.gcr.io/test.example.com/my-app",
        "b.gcr.io",
        "test.example.com",
        "",
    ),
    ("xn--n3h.com/myimage:xn--n3h.com", None, "xn--n3h.com/myimage", "xn--n3h.com", "xn--n3h.com", ""),
    (
        "xn--7o8h.com/myimage:xn--7o8h.com@sha512:" + "f" * 128,
        None,
        "xn--7o8h.com/myimage",
        "xn--7o8h.com",
        "xn--7o8h.com",
        "sha512:" + "f" * 128,
    ),
    ("foo_bar.com:8080", None, "foo_bar.com", "", "8080", ""),
    ("foo/foo_bar.com:8080", None, "foo/foo_bar.com", "foo", "8080", ""),
    ("192.168.1.1", None, "192.168.1.1", "", "", ""),
    ("192.168.1.1:tag", None, "192.168.1.1", "", "tag", ""),
    ("192.168.1.1:5000", None, "192.168.1.1", "", "5000", ""),
    ("192.168.1.1/repo", None, "192.168.1.1/repo", "192.168.1.1", "", ""),
    ("192.168.1.1:5000/repo", None, "192.168.1.1:5000/repo", "192.168.1.1:5000", "", ""),
    ("192.168.1.1:5000/repo:5050", None, "192.168.1.1:5000/repo", "192.168.1.1:5000", "5050", ""),
    ("[2001:db8::1]", K.INVALID_FORMAT, "", "", "", ""),
    ("[2001:db8::1]:5000", K.INVALID_FORMAT, "", "", "", ""),
    ("[2001:db8::1]:tag", K.INVALID_FORMAT, "", "", "", ""),
    ("[2001:db8::1]/repo", None, "[2001:db8::1]/repo", "[2001:db8::1]", "", ""),
    (
        "[2001:db8:1:2:3:4:5:6]/repo:tag",
        None,
        "[2001:db8:1:2:3:4:5:6]/repo",
        "[2001:db8:1:2:3:4:5:6]",
        "tag",
        "",
    ),
    ("[2001:db8::1]:5000/repo", None, "[2001:db8::1]:5000/repo", "[2001:db8::1]:5000", "", ""),
    ("[2001:db8::1]:5000/repo:tag", None, "[2001:db8::1]:5000/repo", "[2001:db8::1]:5000", "tag", ""),
    (
        f"[2001:db8::1]:5000/repo@sha256:{F64}",
        None,
        "[2001:db8::1]:5000/repo",
        "[2001:db8::1]:5000",
        "",
        f"sha256:{F64}",
    ),
    ("[2001:db8::]:5000/repo", None, "[2001:db8::]:5000/repo", "[2001:db8::]:5000", "", ""),
    ("[::1]:5000/repo", None, "[::1]:5000/repo", "[::1]:5000", "", ""),
    ("[fe80::1%eth0]:5000/repo", K.INVALID_FORMAT, "", "", "", ""),
    ("[fe80::1%@invalidzone]:5000/repo", K.INVALID_FORMAT, "", "", "", ""),
]


@pytest.mark.parametrize(("text", "kind", "name", "domain", "tag", "digest"), PARSE)
def test_upstream_parse(
    text: str, kind: ReferenceErrorKind | None, name: str, domain: str, tag: str, digest: str
) -> None:
    outcome = _parse_normalized(text)
    if kind is not None:
        assert not isinstance(outcome, ImageReference)
        assert outcome.kind is kind
        return
    assert isinstance(outcome, ImageReference)
    assert (outcome.name, outcome.registry, outcome.tag, outcome.digest) == (name, domain, tag, digest)
    assert str(outcome) == text


@pytest.mark.parametrize(
    ("name", "domain", "path"),
    [
        ("test.com/foo", "test.com", "foo"),
        ("test_com/foo", "", "test_com/foo"),
        ("test:8080/foo", "test:8080", "foo"),
        ("test.com:8080/foo", "test.com:8080", "foo"),
        ("test-com:8080/foo", "test-com:8080", "foo"),
        ("xn--n3h.com:18080/foo", "xn--n3h.com:18080", "foo"),
    ],
)
def test_upstream_domain_and_path(name: str, domain: str, path: str) -> None:
    assert split_name(name) == (domain, path)
