"""Turning a content file's bytes into clean text: UTF-8 only, BOM and CRLF tolerated, mojibake repaired.

Course exports are often mojibake (UTF-8 read as Windows-1252 and saved again: ``Ã©`` for ``é``). ftfy
repairs that reliably; only its encoding fixes are enabled, so a clean file is never touched (quotes, widths
and Unicode normalisation stay as the author wrote them). Line numbers are preserved by every step.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import ftfy

from bot.core.problems import Problem, Severity

_ENCODING_ONLY = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)
MAX_REPORTED_BAD_LINES = 5
# UTF-8 read as Windows-1252 turns each multi-byte character into a lead character (Â..ô) followed by
# continuation characters (0x80-0xBF as Windows-1252 shows them). Clean text almost never has that pair,
# so ftfy (slow) only runs on text that does; ftfy itself then decides what is really mojibake.
_SUSPECT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)


@dataclass(frozen=True, slots=True)
class SourceText:
    """Decoded text (``None`` when the bytes are not UTF-8) and what was done to get it."""

    text: str | None
    problems: tuple[Problem, ...] = ()
    repaired: bool = False


def decode_source(data: bytes | str, path: str) -> SourceText:
    """Decode, normalise line ends and repair mojibake; undecodable bytes are ``path:line`` errors."""
    problems: list[Problem] = []
    if isinstance(data, bytes):
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return SourceText(None, (_error(path, 1, "file is UTF-16; save it as UTF-8"),))
        data = data.removeprefix(codecs.BOM_UTF8)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return SourceText(None, tuple(_undecodable_lines(data, path)))
    else:
        text = data.removeprefix("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not _SUSPECT.search(text):
        return SourceText(text, tuple(problems))
    repaired = ftfy.fix_text(text, _ENCODING_ONLY)
    if repaired != text:
        problems.append(_repair_warning(text, repaired, path))
        return SourceText(repaired, tuple(problems), True)
    return SourceText(text, tuple(problems))


def _error(path: str, line: int, message: str) -> Problem:
    return Problem(path, line, Severity.ERROR, message)


def _undecodable_lines(data: bytes, path: str) -> list[Problem]:
    problems: list[Problem] = []
    bad_lines = 0
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad_lines += 1
            if bad_lines <= MAX_REPORTED_BAD_LINES:
                snippet = raw[exc.start : exc.start + 4]
                problems.append(
                    _error(
                        path,
                        number,
                        f"undecodable bytes {snippet!r} at column {exc.start + 1}: the file is not valid "
                        "UTF-8 (saved as Windows-1252/Latin-1?); save it as UTF-8",
                    )
                )
    if bad_lines > MAX_REPORTED_BAD_LINES:
        more = bad_lines - MAX_REPORTED_BAD_LINES
        problems.append(_error(path, 0, f"{more} more line(s) with undecodable bytes"))
    return problems


def _repair_warning(text: str, repaired: str, path: str) -> Problem:
    before, after = text.split("\n"), repaired.split("\n")
    changed = [n for n, (a, b) in enumerate(zip(before, after, strict=False), start=1) if a != b]
    first = changed[0] if changed else 1
    return Problem(
        path,
        first,
        Severity.WARNING,
        f"mojibake (UTF-8 read as Windows-1252 and saved again): repaired {len(changed)} line(s) "
        "with ftfy, first here; save the repaired text as clean UTF-8",
    )
