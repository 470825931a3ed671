"""Safety checks for detection patterns: linear-time regexes with a literal to prefilter on.

A pattern is accepted when it compiles, cannot match the empty string, uses no back-reference,
has no unbounded repeat (``*``, ``+``, ``{n,}``) and no repeat nested in another repeat that can
run more than once. It must also contain, at its top level, a run of at least
``MIN_KEYWORD_LENGTH`` literal characters: that literal (lowercased) is the keyword that selects
the candidate lines, so the regex only ever runs on short lines that already contain it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

try:  # Python >= 3.11 exposes the parser as re._parser; older versions as sre_parse.
    from re import _constants as sre_constants
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

MIN_KEYWORD_LENGTH = 4
MAX_REPEAT = 600
FLAGS = re.IGNORECASE

_REPEATS = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT}
_POSSESSIVE = getattr(sre_constants, "POSSESSIVE_REPEAT", None)
if _POSSESSIVE is not None:
    _REPEATS.add(_POSSESSIVE)


class UnsafePatternError(ValueError):
    """A detection pattern that is invalid or could make detection slow."""


@dataclass(frozen=True, slots=True)
class SafePattern:
    """A compiled detection regex and the lowercase literal every match contains."""

    source: str
    regex: re.Pattern[str]
    keyword: str


def ascii_lower(text: str) -> str:
    """Lowercase ASCII letters only, so offsets stay the same as in ``text``."""
    if text.isascii():
        return text.lower()
    return text.translate(_ASCII_LOWER)


_ASCII_LOWER = {code: code + 32 for code in range(ord("A"), ord("Z") + 1)}


def compile_safe(source: str) -> SafePattern:
    """Compile ``source`` case-insensitively after checking it is safe; raise UnsafePatternError."""
    if not isinstance(source, str) or not source.strip():
        raise UnsafePatternError("pattern must be a non-empty string")
    try:
        regex = re.compile(source, FLAGS)
        tree = sre_parse.parse(source, FLAGS)
    except re.error as exc:
        raise UnsafePatternError(f"pattern {source!r} does not compile: {exc}") from exc
    _check_items(list(tree), source, inside_repeat=False)
    if regex.search("") is not None:
        raise UnsafePatternError(f"pattern {source!r} matches the empty string")
    keyword = _longest_top_literal(list(tree))
    if len(keyword) < MIN_KEYWORD_LENGTH:
        raise UnsafePatternError(
            f"pattern {source!r} needs a literal of at least {MIN_KEYWORD_LENGTH} characters "
            "outside groups and repeats (used to prefilter lines)"
        )
    return SafePattern(source=source, regex=regex, keyword=ascii_lower(keyword))


def _check_items(items: list, source: str, *, inside_repeat: bool) -> None:
    for op, arg in items:
        if op in _REPEATS:
            _low, high, body = arg
            if high == sre_constants.MAXREPEAT or high > MAX_REPEAT:
                raise UnsafePatternError(
                    f"pattern {source!r}: repeat unbounded or above {MAX_REPEAT}; "
                    "write a bound such as {1,200}"
                )
            if inside_repeat and high > 1:
                raise UnsafePatternError(f"pattern {source!r}: nested quantifiers are not allowed")
            _check_items(list(body), source, inside_repeat=inside_repeat or high > 1)
        elif op is sre_constants.GROUPREF or op is sre_constants.GROUPREF_EXISTS:
            raise UnsafePatternError(f"pattern {source!r}: back-references are not allowed")
        elif op is sre_constants.SUBPATTERN:
            _check_items(list(arg[-1]), source, inside_repeat=inside_repeat)
        elif op is sre_constants.BRANCH:
            for branch in arg[1]:
                _check_items(list(branch), source, inside_repeat=inside_repeat)
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            _check_items(list(arg[1]), source, inside_repeat=inside_repeat)
        elif getattr(sre_constants, "ATOMIC_GROUP", None) is op:
            _check_items(list(arg), source, inside_repeat=inside_repeat)


def _longest_top_literal(items: list) -> str:
    best, run = "", []
    for op, arg in items:
        if op is sre_constants.LITERAL:
            run.append(chr(arg))
            continue
        if len(run) > len(best):
            best = "".join(run)
        run = []
    if len(run) > len(best):
        best = "".join(run)
    return best
