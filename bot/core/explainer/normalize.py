"""Clean a paste before detection: line endings, colour codes, quotes, fences, timestamps, CI prefixes.

``normalize_text`` works on the whole paste with a few linear regex substitutions (C speed); the
per-line ``clean_line`` is only applied to the few lines that are shown or parsed for context.
"""

from __future__ import annotations

import re

# ESC-based CSI/OSC sequences; their visible leftovers when the ESC byte was lost ("^[[31m", "[31m", "[0K").
# Each alternative starts with a literal so the regex engine scans quickly.
_ANSI_ESC = re.compile(
    r"\x1b(?:\[[0-?]{0,32}[ -/]{0,8}[@-~]|\][^\x07\x1b\n]{0,512}(?:\x07|\x1b\\)|[@-Z\\-_])"
)
_ANSI_CARET = re.compile(r"\^\[\[[0-9;]{0,32}[A-Za-z]")
_ANSI_BARE = re.compile(r"\[(?:\d{1,3}(?:;\d{1,3}){0,6}m|0K)")
_INVISIBLE = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")

# Prefixes removed from the start of a line, repeatedly (quotes, CI timestamps, step numbers, prompts).
_PREFIXES = (
    re.compile(r"^>{1,8} ?"),  # Markdown / Discord quote
    re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?Z ?"),  # GitHub Actions raw log
    re.compile(r"^\[?\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:[.,]\d{1,9})?(?: ?(?:Z|UTC|[+-]\d\d:?\d\d))?\]? "),
    re.compile(r"^\[?\d\d:\d\d:\d\d(?:[.,]\d{1,9})?\]? "),  # bare clock time
    re.compile(r"^#\d{1,4} (?:\d{1,6}\.\d{1,3} )?"),  # BuildKit plain progress "#12 0.345 "
    re.compile(r"^##\[(?:error|warning|group|endgroup|debug|notice|command)\]"),  # GitHub annotations
    re.compile(r"^\[command\]"),
    re.compile(r"^(?:\$|PS [^>\n]{0,200}>|[\w.@-]{1,64}:[~\w/.-]{0,200}[$#]|\+{1,3}) "),  # prompts, set -x
    re.compile(r"^[│|] "),  # terraform / table borders
    re.compile(r"^(?:Step \d{1,3}/\d{1,3} : )"),
)
_FENCE = re.compile(r"^\s{0,3}(?:```|~~~)[\w+-]{0,20}\s*$")
_LEADING_FENCE = re.compile(r"^\s{0,3}```\s{0,4}(?=\S)")
_TRAILING_FENCE = re.compile(r"\s{0,4}```\s*$")
MAX_LINE = 2000


def normalize_text(text: str) -> str:
    """Same text with LF line endings, no colour codes and no zero-width characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    if "\x1b" in text:
        text = _ANSI_ESC.sub("", text)
    if "^[[" in text:
        text = _ANSI_CARET.sub("", text)
    for char in _INVISIBLE:
        if char in text:
            text = text.replace(char, "")
    return text


def strip_bare_codes(text: str) -> str:
    """Remove colour codes whose ESC byte was lost ("[31m"); used on short windows, not whole pastes."""
    return _ANSI_BARE.sub("", text) if "[" in text else text


def is_fence(line: str) -> bool:
    return bool(_FENCE.match(line))


def clean_line(line: str) -> str:
    """One line without quote markers, CI prefixes, inline fences or surrounding spaces (capped length)."""
    line = strip_bare_codes(line[:MAX_LINE]).strip()
    if is_fence(line):
        return ""
    for _ in range(6):
        before = line
        for prefix in _PREFIXES:
            line = prefix.sub("", line, count=1).lstrip()
        line = _LEADING_FENCE.sub("", line)
        line = _TRAILING_FENCE.sub("", line)
        if line == before:
            break
    return line.strip().strip("`").strip()


def clean_lines(text: str) -> list[str]:
    """Every line of a normalized paste, cleaned (fences become empty lines; numbering is kept)."""
    return [clean_line(line) for line in normalize_text(text).split("\n")]
