"""Docker image references, parsed exactly as Docker does.

Docker (CLI and daemon) parses image names with ``github.com/distribution/reference`` (v0.6.0) and validates
digests with ``github.com/opencontainers/go-digest``. This module reproduces ``ParseNormalizedNamed`` step by
step, including its odd corners, so that quiz answers and error explanations agree with Docker:

1. a bare 64-character lowercase hex string is rejected (it would be confused with an image ID);
2. the domain is split off (``splitDockerDomain``): ``localhost``, ``index.docker.io`` (rewritten to
   ``docker.io``), anything with ``.`` or ``:`` or an uppercase letter before the first ``/``; otherwise
   Docker Hub, with ``library/`` added to single-component names;
3. the remote name up to its first ``:`` must be lowercase (Unicode lowercasing, like Go's
   ``strings.ToLower``);
4. the rebuilt string ``domain/remote`` must match the reference grammar as a whole (no trimming), then the
   path is at most 255 characters, then the digest is validated (sha256/sha384/sha512, exact length,
   lowercase hex).

The grammar itself lives in ``reference_grammar`` and is matched in linear time, so a megabyte of junk is
rejected in milliseconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from bot.core.errors import DomainError
from bot.core.reference_grammar import match_reference

DEFAULT_REGISTRY = "docker.io"
LEGACY_REGISTRY = "index.docker.io"
OFFICIAL_PREFIX = "library/"
DEFAULT_TAG = "latest"
LOCALHOST = "localhost"
MAX_PATH_LENGTH = 255
MAX_TAG_LENGTH = 128

_IDENTIFIER_RE = re.compile(r"[a-f0-9]{64}")
_LOWER_HEX_RE = re.compile(r"[a-f0-9]++")

#: Registered digest algorithms and the length of their hex encoding.
DIGEST_HEX_LENGTHS: dict[str, int] = {"sha256": 64, "sha384": 96, "sha512": 128}


class ReferenceErrorKind(StrEnum):
    INVALID_FORMAT = "invalid_format"
    UPPERCASE = "uppercase"
    NAME_TOO_LONG = "name_too_long"
    IDENTIFIER_64HEX = "identifier_64hex"
    DIGEST_INVALID_LENGTH = "digest_invalid_length"
    DIGEST_INVALID_FORMAT = "digest_invalid_format"
    DIGEST_UNSUPPORTED = "digest_unsupported"


class InvalidReferenceError(DomainError, ValueError):
    """``text`` is not a reference Docker accepts.

    ``kind`` says which rule failed, ``docker_message`` is the exact error string of Docker's library and
    ``message(lang)`` a learner-facing explanation (French by default) pointing at the offending part.
    """

    def __init__(
        self,
        kind: ReferenceErrorKind,
        text: str,
        docker_message: str,
        message_fr: str,
        message_en: str,
    ) -> None:
        super().__init__(message_fr, message_en)
        self.kind = kind
        self.text = text
        self.docker_message = docker_message


@dataclass(frozen=True, slots=True)
class ImageReference:
    """A parsed, normalized reference: ``registry/path[:tag][@digest]``.

    ``registry`` is ``docker.io`` for Docker Hub (``index.docker.io`` is rewritten) and may, in one odd corner
    of Docker's grammar, be empty (``a_b.c/d``: the first component looks like a host but is not a valid one,
    so the whole string is a path). ``tag`` and ``digest`` are as written, or ``""``.
    """

    registry: str
    path: str
    tag: str = ""
    digest: str = ""

    @property
    def namespace(self) -> str:
        head, _, _ = self.path.rpartition("/")
        return head

    @property
    def repository(self) -> str:
        return self.path.rpartition("/")[2]

    @property
    def name(self) -> str:
        return f"{self.registry}/{self.path}" if self.registry else self.path

    @property
    def uses_default_tag(self) -> bool:
        """True when neither a tag nor a digest was given, so Docker uses ``:latest``."""
        return not self.tag and not self.digest

    @property
    def is_official(self) -> bool:
        """A Docker Hub official image (``docker.io/library/<name>``)."""
        if self.registry != DEFAULT_REGISTRY or not self.path.startswith(OFFICIAL_PREFIX):
            return False
        return "/" not in self.path[len(OFFICIAL_PREFIX) :]

    @property
    def canonical(self) -> str:
        """Docker's full expansion: ``TagNameOnly(ParseNormalizedNamed(s)).String()``."""
        if self.uses_default_tag:
            return f"{self.name}:{DEFAULT_TAG}"
        return self.name + _suffix(self.tag, self.digest)

    @property
    def familiar(self) -> str:
        """Docker's short form (``FamiliarString``): ``docker.io/`` and a lone ``library/`` dropped."""
        name = self.name
        if self.registry == DEFAULT_REGISTRY:
            name = self.path
            rest = name.removeprefix(OFFICIAL_PREFIX)
            if rest != name and "/" not in rest:
                name = rest
        return name + _suffix(self.tag, self.digest)

    def __str__(self) -> str:
        return self.name + _suffix(self.tag, self.digest)


@dataclass(frozen=True, slots=True)
class ImpliedParts:
    """Which parts of a valid reference Docker filled in rather than the user wrote."""

    registry: bool
    library: bool
    tag: bool


def _suffix(tag: str, digest: str) -> str:
    return (f":{tag}" if tag else "") + (f"@{digest}" if digest else "")


def _has_uppercase(text: str) -> bool:
    """``strings.ToLower(text) != text`` in Go (per-rune Unicode lowercasing)."""
    return text.lower() != text


def go_lower(text: str) -> str:
    """Go's ``strings.ToLower`` for valid text: like ``str.lower`` but ``İ`` maps to the single rune ``i``."""
    return text.replace("\u0130", "i").lower()


def split_docker_domain(text: str) -> tuple[str, str]:
    """Docker's ``splitDockerDomain``: (domain, remainder) before any validation."""
    first, slash, rest = text.partition("/")
    if not slash:
        return DEFAULT_REGISTRY, OFFICIAL_PREFIX + text
    if first == LEGACY_REGISTRY:
        domain, remainder = DEFAULT_REGISTRY, rest
    elif first_component_is_domain(first):
        domain, remainder = first, rest
    else:
        domain, remainder = DEFAULT_REGISTRY, text
    if domain == DEFAULT_REGISTRY and "/" not in remainder:
        remainder = OFFICIAL_PREFIX + remainder
    return domain, remainder


@dataclass(frozen=True, slots=True)
class _Rejection:
    """Why Docker rejects a reference: the rule, Docker's exact message and the offending part."""

    kind: ReferenceErrorKind
    docker_message: str
    detail: dict[str, str] = field(default_factory=dict)


def parse_reference(text: str) -> ImageReference:
    """Parse ``text`` as ``docker pull`` would (``ParseNormalizedNamed``); raise ``InvalidReferenceError``."""
    outcome = _analyse(text)
    if isinstance(outcome, ImageReference):
        return outcome
    from bot.core.reference_hints import explain  # local import: the hints module imports this one

    message_fr, message_en = explain(outcome.kind, text, **outcome.detail)
    raise InvalidReferenceError(outcome.kind, text, outcome.docker_message, message_fr, message_en)


def try_parse_reference(text: str) -> ImageReference | None:
    """The parsed reference, or ``None`` when Docker rejects ``text`` (cheaper: no message is built)."""
    outcome = _analyse(text)
    return outcome if isinstance(outcome, ImageReference) else None


def is_valid_reference(text: str) -> bool:
    return try_parse_reference(text) is not None


def _analyse(text: str) -> ImageReference | _Rejection:
    """``ParseNormalizedNamed``, step by step, in Docker's order."""
    if _IDENTIFIER_RE.fullmatch(text):
        return _Rejection(
            ReferenceErrorKind.IDENTIFIER_64HEX,
            f"invalid repository name ({text}), cannot specify 64-byte hexadecimal strings",
        )
    domain, remainder = split_docker_domain(text)
    remote = remainder.partition(":")[0]
    if _has_uppercase(remote):
        return _Rejection(
            ReferenceErrorKind.UPPERCASE,
            f"invalid reference format: repository name ({remote}) must be lowercase",
            {"remote": remote},
        )
    return _parse_normalized(f"{domain}/{remainder}")


def _parse_normalized(full: str) -> ImageReference | _Rejection:
    """distribution/reference's ``Parse`` on the normalized string ``full``."""
    match = match_reference(full)
    if match is None:
        lowered = go_lower(full)
        if lowered != full and match_reference(lowered) is not None:
            return _Rejection(ReferenceErrorKind.UPPERCASE, "repository name must be lowercase")
        return _Rejection(ReferenceErrorKind.INVALID_FORMAT, "invalid reference format")
    path = match.path
    if len(path) > MAX_PATH_LENGTH:
        return _Rejection(
            ReferenceErrorKind.NAME_TOO_LONG,
            f"repository name must not be more than {MAX_PATH_LENGTH} characters",
            {"path": path},
        )
    if match.digest:
        rejection = _validate_digest(match.digest)
        if rejection is not None:
            return rejection
    return ImageReference(registry=match.domain, path=path, tag=match.tag, digest=match.digest)


def _validate_digest(digest: str) -> _Rejection | None:
    """go-digest's ``Digest.Validate`` for a digest that already matched the reference grammar."""
    algorithm, _, encoded = digest.partition(":")
    expected = DIGEST_HEX_LENGTHS.get(algorithm)
    detail = {"digest": digest}
    if expected is None:
        # go-digest's DigestRegexp ([a-z0-9]+([.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+) accepts a digest that passed
        # the reference grammar exactly when its algorithm has no capital letter.
        if algorithm.lower() == algorithm:
            return _Rejection(ReferenceErrorKind.DIGEST_UNSUPPORTED, "unsupported digest algorithm", detail)
        return _Rejection(ReferenceErrorKind.DIGEST_INVALID_FORMAT, "invalid checksum digest format", detail)
    if len(encoded) != expected:
        return _Rejection(ReferenceErrorKind.DIGEST_INVALID_LENGTH, "invalid checksum digest length", detail)
    if not _LOWER_HEX_RE.fullmatch(encoded):
        return _Rejection(ReferenceErrorKind.DIGEST_INVALID_FORMAT, "invalid checksum digest format", detail)
    return None


def same_image(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` expand to the same canonical reference (false if either is invalid)."""
    ref_a, ref_b = try_parse_reference(a), try_parse_reference(b)
    return ref_a is not None and ref_b is not None and ref_a.canonical == ref_b.canonical


def first_component_is_domain(first: str) -> bool:
    """``splitDockerDomain``'s test on the text before the first ``/`` (when there is one)."""
    return first in (LOCALHOST, LEGACY_REGISTRY) or "." in first or ":" in first or _has_uppercase(first)


def implied_parts(text: str) -> ImpliedParts:
    """Which parts of the valid reference ``text`` are Docker's defaults rather than written by the user."""
    ref = parse_reference(text)
    first, slash, _ = text.partition("/")
    explicit_registry = bool(slash) and first_component_is_domain(first)
    return ImpliedParts(
        registry=not explicit_registry, library=library_prefix_added(text), tag=ref.uses_default_tag
    )


def library_prefix_added(text: str) -> bool:
    """True when ``splitDockerDomain`` prefixes ``library/`` (a Docker Hub name with a single component)."""
    first, slash, rest = text.partition("/")
    if not slash:
        return True
    if first in (LEGACY_REGISTRY, DEFAULT_REGISTRY):
        return "/" not in rest
    return False
