"""The grammar of Docker image references, matched in linear time.

Same languages as ``distribution/reference``'s ``regexp.go`` (v0.6.0)::

    reference   := name [":" tag] ["@" digest]
    name        := [domain "/"] remote
    domain      := (domain-name | "[" [a-fA-F0-9:]+ "]") [":" [0-9]+]
    domain-name := label ("." label)*            label := [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]
    remote      := component ("/" component)*    component := [a-z0-9]+ (("." | "_" | "__" | "-"+) [a-z0-9]+)*
    tag         := [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}
    digest      := [A-Za-z][A-Za-z0-9]* ([-_+.] [A-Za-z][A-Za-z0-9]*)* ":" [0-9a-fA-F]{32,}

Rather than a big regular expression (Python's engine backtracks), each piece is checked with C-speed string
operations: the text is mapped to a "shape" with ``bytes.translate`` (every letter or digit becomes ``a``) and
the shape is searched for forbidden neighbours. Every check is a handful of linear passes, so a megabyte is
decided in a few milliseconds. The decomposition is unique: the digest follows the first ``@``; a ``:`` after
the last ``/`` of the rest starts the tag (a domain is always followed by ``/``, a path has no ``:``); the
domain, when the grammar allows one, is exactly the text before the first ``/`` (Go's regexp tries the
optional domain first).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BAD = ord("!")
_MAX_TAG_LENGTH = 128


def _shape_table(classes: dict[bytes, bytes]) -> bytes:
    """A ``bytes.translate`` table mapping each byte of a key to its value; every other byte to ``!``."""
    table = bytearray([_BAD]) * 256
    for members, shape in classes.items():
        for byte in members:
            table[byte] = shape[0]
    return bytes(table)


_LOWER = b"abcdefghijklmnopqrstuvwxyz"
_UPPER = _LOWER.upper()
_DIGITS = b"0123456789"
_PATH_SEPARATORS = b"._-/"

_REMOTE_SHAPE = _shape_table({_LOWER + _DIGITS: b"a", b"._-/": b"s"})
#: Separators finer: "." and "/" must stand alone, "_" may be doubled, "-" repeated.
_SEPARATOR_KINDS = _shape_table({_LOWER + _DIGITS: b"a", b"./": b"d", b"_": b"u", b"-": b"h"})
_SEPARATOR_FORBIDDEN = (b"dd", b"du", b"dh", b"ud", b"hd", b"uh", b"hu", b"uuu")

_PATH_SHAPE = _shape_table({_LOWER + _DIGITS: b"a", b"._-": b"s", b"/": b"/"})
_DOMAIN_SHAPE = _shape_table({_LOWER + _UPPER + _DIGITS: b"a", b".": b".", b"-": b"-"})
_DOMAIN_FORBIDDEN = (b"..", b".-", b"-.")

_ALGORITHM_SHAPE = _shape_table({_LOWER + _UPPER: b"a", _DIGITS: b"0", b"-_+.": b"."})
_ALGORITHM_FORBIDDEN = (b"..", b".0")

_TAG_RE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}+")
_HEX_RE = re.compile(r"[0-9A-Fa-f]{32,}+")
_PORT_RE = re.compile(r"[0-9]++")
_IPV6_RE = re.compile(r"\[[a-fA-F0-9:]++\]")


@dataclass(frozen=True, slots=True)
class ReferenceMatch:
    """The captures of Docker's reference regexp: domain ("" when absent), path, tag, digest ("" if none)."""

    domain: str
    path: str
    tag: str
    digest: str


def _shape(text: str, table: bytes) -> bytes | None:
    if not text or not text.isascii():
        return None
    shape = text.encode("ascii").translate(table)
    return None if _BAD in shape else shape


def is_remote(text: str) -> bool:
    """``remote``: lowercase components joined by ``/``."""
    shape = _shape(text, _REMOTE_SHAPE)
    if shape is None or shape[0] != ord("a") or shape[-1] != ord("a"):
        return False
    return b"ss" not in shape or first_bad_separator(text) < 0


def first_bad_separator(text: str) -> int:
    """Index of the first forbidden run of separators (like ``..``, ``_-``, ``___``, ``//``), or -1."""
    kinds = text.encode("ascii", "replace").translate(_SEPARATOR_KINDS)
    found = [index for pair in _SEPARATOR_FORBIDDEN if (index := kinds.find(pair)) >= 0]
    return min(found, default=-1)


def path_shape(text: str) -> bytes:
    """``text`` with lowercase letters and digits as ``a``, ``._-`` as ``s``, ``/`` kept, others ``!``."""
    return text.encode("ascii", "replace").translate(_PATH_SHAPE)


def domain_shape(text: str) -> bytes:
    """``text`` with each letter or digit as ``a``, ``.`` and ``-`` kept, anything else as ``!``."""
    return text.encode("ascii", "replace").translate(_DOMAIN_SHAPE)


def is_domain_name(text: str) -> bool:
    shape = _shape(text, _DOMAIN_SHAPE)
    if shape is None or shape[0] != ord("a") or shape[-1] != ord("a"):
        return False
    return not any(pair in shape for pair in _DOMAIN_FORBIDDEN)


def is_domain(text: str) -> bool:
    """``domain``: a host name, IPv4 address or bracketed IPv6 address, with an optional ``:port``."""
    if text.startswith("["):
        close = text.find("]")
        if close < 0 or not _IPV6_RE.fullmatch(text, 0, close + 1):
            return False
        port_part = text[close + 1 :]
    else:
        host, colon, port = text.partition(":")
        if not is_domain_name(host):
            return False
        port_part = colon + port
    return not port_part or (port_part[0] == ":" and _PORT_RE.fullmatch(port_part, 1) is not None)


def is_tag(text: str) -> bool:
    return len(text) <= _MAX_TAG_LENGTH and _TAG_RE.fullmatch(text) is not None


def is_algorithm(text: str) -> bool:
    """A digest algorithm as the reference grammar allows it (letters first in each component)."""
    shape = _shape(text, _ALGORITHM_SHAPE)
    if shape is None or shape[0] != ord("a") or shape[-1] == ord("."):
        return False
    return not any(pair in shape for pair in _ALGORITHM_FORBIDDEN)


def is_digest(text: str) -> bool:
    algorithm, colon, encoded = text.partition(":")
    return bool(colon) and is_algorithm(algorithm) and _HEX_RE.fullmatch(encoded) is not None


def split_name(name: str) -> tuple[str, str] | None:
    """(domain, path) of a ``name``; the domain is taken whenever the grammar allows it, else ""."""
    first, slash, rest = name.partition("/")
    if slash and is_domain(first):
        # When ``rest`` is not a path, ``name`` (which ends with "/" + rest) is not one either.
        return (first, rest) if is_remote(rest) else None
    return ("", name) if is_remote(name) else None


def match_reference(text: str) -> ReferenceMatch | None:
    """``ReferenceRegexp.FindStringSubmatch`` then the name split; ``None`` when the text does not match."""
    before, at, digest = text.partition("@")
    if at and not is_digest(digest):
        return None
    colon = before.rfind(":")
    if colon > before.rfind("/"):
        name, tag = before[:colon], before[colon + 1 :]
        if not is_tag(tag):
            return None
    else:
        name, tag = before, ""
    parts = split_name(name)
    if parts is None:
        return None
    return ReferenceMatch(domain=parts[0], path=parts[1], tag=tag, digest=digest)
