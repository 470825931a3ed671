"""Semver floating tags and tag shapes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.quiz.tag_strategy import (
    InvalidVersionError,
    TagKind,
    Version,
    VersionAlreadyPublishedError,
    classify_tag,
    resolve_tag,
    tags_to_move,
)


def versions(*texts: str) -> tuple[Version, ...]:
    return tuple(Version.parse(t) for t in texts)


@pytest.mark.parametrize(
    ("published", "release", "moved"),
    [
        (("1.2.2", "2.0.0"), "1.2.3", ("1.2.3", "1.2", "1")),
        (("1.2.2", "1.3.0"), "1.2.3", ("1.2.3", "1.2")),
        (("1.2.4",), "1.2.3", ("1.2.3",)),
        (("1.2.2",), "1.2.3", ("1.2.3", "1.2", "1", "latest")),
        ((), "1.0.0", ("1.0.0", "1.0", "1", "latest")),
        (("1.9.0", "2.1.0"), "2.0.5", ("2.0.5", "2.0")),
        (("1.9.0",), "2.0.0", ("2.0.0", "2.0", "2", "latest")),
    ],
)
def test_tags_to_move(published: tuple[str, ...], release: str, moved: tuple[str, ...]) -> None:
    assert tags_to_move(Version.parse(release), versions(*published)) == moved


def test_releasing_a_published_version_is_refused() -> None:
    with pytest.raises(VersionAlreadyPublishedError):
        tags_to_move(Version.parse("1.0.0"), versions("1.0.0"))


@pytest.mark.parametrize("text", ["1.2", "latest", "1.2.3-rc1", "x.y.z", ""])
def test_invalid_versions(text: str) -> None:
    with pytest.raises(InvalidVersionError):
        Version.parse(text)


def test_resolve_tag() -> None:
    published = versions("1.2.2", "1.2.3", "1.3.0", "2.0.0")
    assert resolve_tag("1.2", published) == Version(1, 2, 3)
    assert resolve_tag("1", published) == Version(1, 3, 0)
    assert resolve_tag("latest", published) == Version(2, 0, 0)
    assert resolve_tag("1.2.2", published) == Version(1, 2, 2)
    assert resolve_tag("3", published) is None
    assert resolve_tag("prod", published) is None


version_strategy = st.builds(Version, st.integers(0, 3), st.integers(0, 3), st.integers(0, 3))


@settings(max_examples=200, deadline=None)
@given(st.sets(version_strategy, max_size=12), version_strategy)
def test_moved_tags_are_exactly_those_resolving_to_the_release(
    published: set[Version], release: Version
) -> None:
    if release in published:
        return
    moved = set(tags_to_move(release, published))
    after = (*published, release)
    for tag in (str(release), release.minor_tag, release.major_tag, "latest"):
        assert (tag in moved) == (resolve_tag(tag, after) == release)


@pytest.mark.parametrize(
    ("tag", "kind"),
    [
        ("latest", TagKind.LATEST),
        ("1.2.3", TagKind.EXACT_VERSION),
        ("v1.0.0", TagKind.EXACT_VERSION),
        ("1.2", TagKind.MINOR_LINE),
        ("1", TagKind.MAJOR_LINE),
        ("git-abc123f", TagKind.GIT_SHA),
        ("abc123f", TagKind.GIT_SHA),
        ("commit-9f2c1e7", TagKind.GIT_SHA),
        ("staging", TagKind.ENVIRONMENT),
        ("prod", TagKind.ENVIRONMENT),
        ("1.2.3-prod", TagKind.VERSION_ENVIRONMENT),
        ("2025-02-06", TagKind.DATE),
        ("20250206-1430", TagKind.DATE),
        ("20251340", None),
        ("bookworm", None),
        ("1234567", None),
    ],
)
def test_classify_tag(tag: str, kind: TagKind | None) -> None:
    assert classify_tag(tag) is kind
