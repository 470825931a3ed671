"""Shared pieces of the learner-facing explanations of image references (display, fixes, cutting)."""

from __future__ import annotations

from bot.core.references import is_valid_reference

Messages = tuple[str, str]

#: Suggested fixes longer than this are not shown (a truncated suggestion would mislead).
MAX_FIX_LENGTH = 300


def show(text: str, limit: int = 80) -> str:
    """``text`` shortened to about ``limit`` characters, with invisible characters made visible."""
    if len(text) > limit:
        text = f"{text[: limit - 20]}…{text[-15:]}"
    out = []
    for char in text:
        if char in "\n\r\t":
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t"}[char])
        elif not char.isprintable() and char != " ":
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return "".join(out)


def code(text: str) -> str:
    return f"`{show(text)}`"


def with_fix(messages: Messages, text: str, fix: str | None) -> Messages:
    """Append "use <fix>" when ``fix`` differs from ``text``, is short enough to show and is valid."""
    if fix is None or fix == text or len(fix) > MAX_FIX_LENGTH or not is_valid_reference(fix):
        return messages
    shown = f"`{show(fix, MAX_FIX_LENGTH)}`"
    return f"{messages[0]} Utilise {shown}.", f"{messages[1]} Use {shown}."


def first_difference(a: str, b: str) -> int:
    """Index of the first character where two strings of the same length differ (binary search, C speed)."""
    low, high = 0, len(a)
    while low < high:
        middle = (low + high) // 2
        if a[low : middle + 1] == b[low : middle + 1]:
            low = middle + 1
        else:
            high = middle
    return low


def component_at(path: str, index: int) -> tuple[str, bool]:
    """The ``/``-separated component of ``path`` containing ``index``, and whether it is the last one."""
    start = path.rfind("/", 0, index) + 1
    end = path.find("/", index)
    return (path[start:], True) if end < 0 else (path[start:end], False)


def split_written(text: str) -> tuple[str, str | None, str | None]:
    """The user's text cut like the grammar would: (name, tag or None, digest or None)."""
    before, at, digest = text.partition("@")
    colon = before.rfind(":")
    if colon > before.rfind("/"):
        return before[:colon], before[colon + 1 :], digest if at else None
    return before, None, digest if at else None


def join_written(name: str, tag: str | None, digest: str | None) -> str:
    return name + (f":{tag}" if tag is not None else "") + (f"@{digest}" if digest is not None else "")
