"""Tagging strategies: semver floating tags, and what a tag is for (git SHA, environment, date, ...).

The multi-tag strategy publishes each release as ``MAJOR.MINOR.PATCH`` and re-points the floating tags
``MAJOR.MINOR``, ``MAJOR`` and ``latest`` when the release is the highest of their range.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.core.errors import DomainError

LATEST = "latest"
ENVIRONMENTS = frozenset(
    {"dev", "development", "test", "qa", "staging", "stage", "preprod", "prod", "production"}
)

_SEMVER = re.compile(r"v?(\d{1,4})\.(\d{1,4})\.(\d{1,4})")
_MINOR = re.compile(r"v?(\d{1,4})\.(\d{1,4})")
_MAJOR = re.compile(r"v?(\d{1,3})")
_DATE_DASHED = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DATE_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})(?:-(\d{2})(\d{2}))?")
_GIT_SHA = re.compile(r"(?:git-|commit-|sha-)?([0-9a-f]{7,40})")


class InvalidVersionError(DomainError):
    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__(
            f"« {text} » n'est pas une version MAJEUR.MINEUR.PATCH (ex. 1.2.3).",
            f"'{text}' is not a MAJOR.MINOR.PATCH version (e.g. 1.2.3).",
        )


class VersionAlreadyPublishedError(DomainError):
    def __init__(self, version: Version) -> None:
        self.version = version
        super().__init__(
            f"La version {version} est déjà publiée : une release publie une version nouvelle.",
            f"Version {version} is already published: a release publishes a new version.",
        )


@dataclass(frozen=True, slots=True, order=True)
class Version:
    major: int
    minor: int
    patch: int

    @classmethod
    def parse(cls, text: str) -> Version:
        match = _SEMVER.fullmatch(text)
        if match is None:
            raise InvalidVersionError(text)
        return cls(*(int(part) for part in match.groups()))

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"

    @property
    def minor_tag(self) -> str:
        return f"{self.major}.{self.minor}"

    @property
    def major_tag(self) -> str:
        return str(self.major)


def tags_to_move(release: Version, published: Iterable[Version]) -> tuple[str, ...]:
    """The tags that must point at ``release``: its own tag, then each floating tag it now heads.

    ``MAJOR.MINOR`` moves when no published version of that minor line is higher, ``MAJOR`` when none of
    that major line is, ``latest`` when no published version at all is. Releasing ``1.2.3`` while
    ``2.0.0`` exists moves ``1.2.3``, ``1.2`` and ``1``, not ``latest``.
    """
    existing = set(published)
    if release in existing:
        raise VersionAlreadyPublishedError(release)
    tags = [str(release)]
    same_minor = [v for v in existing if (v.major, v.minor) == (release.major, release.minor)]
    same_major = [v for v in existing if v.major == release.major]
    if all(v < release for v in same_minor):
        tags.append(release.minor_tag)
    if all(v < release for v in same_major):
        tags.append(release.major_tag)
    if all(v < release for v in existing):
        tags.append(LATEST)
    return tuple(tags)


def resolve_tag(tag: str, published: Iterable[Version]) -> Version | None:
    """The version a tag points to when every release followed the multi-tag strategy (None: no such tag)."""
    versions = sorted(set(published))
    if tag == LATEST:
        return versions[-1] if versions else None
    if _SEMVER.fullmatch(tag):
        wanted = Version.parse(tag)
        return wanted if wanted in versions else None
    if match := _MINOR.fullmatch(tag):
        major, minor = int(match[1]), int(match[2])
        line = [v for v in versions if (v.major, v.minor) == (major, minor)]
        return line[-1] if line else None
    if match := _MAJOR.fullmatch(tag):
        line = [v for v in versions if v.major == int(match[1])]
        return line[-1] if line else None
    return None


class TagKind(StrEnum):
    LATEST = "latest"
    EXACT_VERSION = "exact_version"  # 1.2.3: fixed, never moves
    MINOR_LINE = "minor_line"  # 1.2: follows patches
    MAJOR_LINE = "major_line"  # 1: follows minors and patches
    GIT_SHA = "git_sha"  # traceability: the exact commit
    ENVIRONMENT = "environment"  # dev / staging / prod
    VERSION_ENVIRONMENT = "version_environment"  # 1.2.3-prod
    DATE = "date"  # daily builds, backups


def _is_date(year: str, month: str, day: str) -> bool:
    try:
        date(int(year), int(month), int(day))
    except ValueError:
        return False
    return 1970 <= int(year) <= 2100


def classify_tag(tag: str) -> TagKind | None:
    """What a tag is for, from its shape; None when the shape says nothing."""
    lowered = tag.lower()
    if tag == LATEST:
        return TagKind.LATEST
    if lowered in ENVIRONMENTS:
        return TagKind.ENVIRONMENT
    if (m := _DATE_DASHED.fullmatch(tag)) and _is_date(*m.groups()):
        return TagKind.DATE
    if (m := _DATE_COMPACT.fullmatch(tag)) and _is_date(*m.groups()[:3]):
        return TagKind.DATE
    if "-" in tag:
        version, _, suffix = tag.partition("-")
        if _SEMVER.fullmatch(version) and suffix.lower() in ENVIRONMENTS:
            return TagKind.VERSION_ENVIRONMENT
    if _SEMVER.fullmatch(tag):
        return TagKind.EXACT_VERSION
    if _MINOR.fullmatch(tag):
        return TagKind.MINOR_LINE
    if _MAJOR.fullmatch(tag):
        return TagKind.MAJOR_LINE
    if (m := _GIT_SHA.fullmatch(tag)) and (tag != m[1] or re.search(r"[a-f]", m[1])):
        return TagKind.GIT_SHA
    return None
