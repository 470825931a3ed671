"""Find the known errors of a paste in time linear in its length.

Each pattern carries a lowercase literal keyword. The paste is searched for every keyword with
``str.find`` (C speed); the regex of a pattern only runs on a bounded window of a line that contains
its keyword, at most ``MAX_ATTEMPTS`` lines per keyword. So the work is bounded by
(number of keywords x paste length) for the scans plus a constant for the regexes, whatever the input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.explainer.catalog import ErrorCatalog, ErrorEntry
from bot.core.explainer.normalize import clean_line, strip_bare_codes
from bot.core.explainer.patterns import ascii_lower

MAX_ATTEMPTS = 64  # candidate lines tried per keyword
WINDOW = 1000  # characters considered on each side of a keyword occurrence
TRIGGER_LENGTH = 5


@dataclass(frozen=True, slots=True)
class Detection:
    """One known error found in a paste: the entry and the first line (1-based) where it appears."""

    entry: ErrorEntry
    line: int
    text: str
    offset: int


@dataclass(frozen=True, slots=True)
class _Target:
    entry: ErrorEntry
    regex: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class KeywordIndex:
    """Keywords in a fixed order, each with the patterns that require it, and a few short triggers.

    A trigger is a substring of some keywords (chosen by a greedy set cover), so a paste that contains
    none of the triggers contains none of the keywords: ordinary chat is dismissed with a few dozen
    ``in`` tests instead of one search per keyword.
    """

    keywords: tuple[tuple[str, tuple[_Target, ...]], ...]
    triggers: tuple[tuple[str, tuple[int, ...]], ...]

    @classmethod
    def of(cls, catalog: ErrorCatalog) -> KeywordIndex:
        grouped: dict[str, list[_Target]] = {}
        for entry in catalog.entries:
            for pattern in entry.patterns:
                grouped.setdefault(pattern.keyword, []).append(_Target(entry, pattern.regex))
        keywords = tuple((kw, tuple(targets)) for kw, targets in grouped.items())
        return cls(keywords, _triggers([kw for kw, _ in keywords]))


def _triggers(keywords: list[str]) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """Greedy set cover of the keywords by substrings of ``TRIGGER_LENGTH`` characters."""
    candidates = [_substrings(kw) for kw in keywords]
    uncovered = set(range(len(keywords)))
    chosen: list[tuple[str, tuple[int, ...]]] = []
    while uncovered:
        counts: dict[str, int] = {}
        for index in uncovered:
            for sub in candidates[index]:
                counts[sub] = counts.get(sub, 0) + 1
        best = max(counts, key=lambda sub: (counts[sub], sub))
        covered = tuple(sorted(i for i in uncovered if best in candidates[i]))
        chosen.append((best, covered))
        uncovered.difference_update(covered)
    return tuple(chosen)


def _substrings(keyword: str) -> set[str]:
    if len(keyword) <= TRIGGER_LENGTH:
        return {keyword}
    subs = {keyword[i : i + TRIGGER_LENGTH] for i in range(len(keyword) - TRIGGER_LENGTH + 1)}
    return {sub for sub in subs if sub.strip() == sub} or subs


_INDEXES: dict[int, tuple[ErrorCatalog, KeywordIndex]] = {}


def index_for(catalog: ErrorCatalog) -> KeywordIndex:
    """The keyword index of a catalog, built once (catalogs are immutable)."""
    cached = _INDEXES.get(id(catalog))
    if cached is None or cached[0] is not catalog:
        if len(_INDEXES) > 8:
            _INDEXES.clear()
        cached = (catalog, KeywordIndex.of(catalog))
        _INDEXES[id(catalog)] = cached
    return cached[1]


def detect(text: str, catalog: ErrorCatalog) -> list[Detection]:
    """Known errors of a normalized paste, in order of first appearance (one per entry)."""
    lowered = ascii_lower(text)
    index = index_for(catalog)
    present: set[int] = set()
    for trigger, keyword_ids in index.triggers:
        if trigger in lowered:
            present.update(keyword_ids)
    best: dict[str, tuple[int, ErrorEntry]] = {}
    for keyword_id in sorted(present):
        keyword, targets = index.keywords[keyword_id]
        pos = lowered.find(keyword)
        if pos < 0:
            continue
        _scan_keyword(text, lowered, keyword, pos, targets, best)
    found = _resolve_same_line(best)
    return _with_line_numbers(text, found)


def _scan_keyword(
    text: str,
    lowered: str,
    keyword: str,
    pos: int,
    targets: tuple[_Target, ...],
    best: dict[str, tuple[int, ErrorEntry]],
) -> None:
    pending = [t for t in targets if t.entry.id not in best or best[t.entry.id][0] > pos]
    attempts = 0
    while pos >= 0 and pending and attempts < MAX_ATTEMPTS:
        attempts += 1
        start = lowered.rfind("\n", 0, pos) + 1
        end = lowered.find("\n", pos)
        end = len(lowered) if end < 0 else end
        window = strip_bare_codes(text[max(start, pos - WINDOW) : min(end, pos + len(keyword) + WINDOW)])
        still: list[_Target] = []
        for target in pending:
            if target.regex.search(window) is None:
                still.append(target)
                continue
            previous = best.get(target.entry.id)
            if previous is None or previous[0] > start:
                best[target.entry.id] = (start, target.entry)
        pending = [t for t in still if t.entry.id not in best or best[t.entry.id][0] > end]
        pos = lowered.find(keyword, end)


def _resolve_same_line(best: dict[str, tuple[int, ErrorEntry]]) -> list[tuple[int, ErrorEntry]]:
    """When several entries match the same line, the most specific (highest priority) wins."""
    by_line: dict[int, list[ErrorEntry]] = {}
    for offset, entry in best.values():
        by_line.setdefault(offset, []).append(entry)
    kept: list[tuple[int, ErrorEntry]] = []
    for offset, entries in by_line.items():
        top = max(e.priority for e in entries)
        kept.extend((offset, e) for e in entries if e.priority == top)
    kept.sort(key=lambda item: (item[0], -item[1].priority, item[1].id))
    return kept


def _with_line_numbers(text: str, found: list[tuple[int, ErrorEntry]]) -> list[Detection]:
    detections: list[Detection] = []
    line, cursor = 1, 0
    for offset, entry in found:
        line += text.count("\n", cursor, offset)
        cursor = offset
        end = text.find("\n", offset)
        raw = text[offset : end if end >= 0 else len(text)]
        detections.append(Detection(entry=entry, line=line, text=clean_line(raw), offset=offset))
    return detections
