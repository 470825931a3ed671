"""Find the known errors of a paste in time linear in its length.

Each pattern carries a lowercase literal keyword. The paste is searched for every keyword with
``str.find`` (C speed); the regex of a pattern only runs on a bounded window of a line that contains
its keyword. Identical lines are folded first in long pastes (progress lines repeat a lot), identical
windows are tried once, and two budgets bound the rest: ``MAX_ATTEMPTS`` distinct windows per keyword and
``MAX_CANDIDATE_LINES`` lines visited overall. So the work is at most (number of triggers and keywords x
paste length) in C-speed ``find`` calls plus a constant, whatever the input; the price is that in a
pathological paste with thousands of distinct near-miss lines, an error after them can be missed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.explainer.catalog import ErrorCatalog, ErrorEntry
from bot.core.explainer.normalize import clean_line, strip_bare_codes
from bot.core.explainer.patterns import ascii_lower

MAX_ATTEMPTS = 64  # distinct candidate windows given to the regexes, per keyword
MAX_CANDIDATE_LINES = 20_000  # candidate lines visited, all keywords together
DEDUPE_ABOVE = 64_000  # pastes longer than this are scanned with repeated lines folded
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
    if len(text) > DEDUPE_ABOVE:
        lines = text.split("\n")
        unique = list(dict.fromkeys(lines))
        if len(unique) < len(lines):
            return [_relocate(d, unique, lines) for d in _detect("\n".join(unique), catalog)]
    return _detect(text, catalog)


def _relocate(detection: Detection, unique: list[str], lines: list[str]) -> Detection:
    """The same detection, numbered in the original paste (first occurrence of its line)."""
    index = lines.index(unique[detection.line - 1])
    offset = sum(map(len, lines[:index])) + index
    return Detection(entry=detection.entry, line=index + 1, text=detection.text, offset=offset)


def _detect(text: str, catalog: ErrorCatalog) -> list[Detection]:
    lowered = ascii_lower(text)
    index = index_for(catalog)
    present: set[int] = set()
    for trigger, keyword_ids in index.triggers:
        if trigger in lowered:
            present.update(keyword_ids)
    best: dict[str, tuple[int, ErrorEntry]] = {}
    budget = [MAX_CANDIDATE_LINES]
    for keyword_id in sorted(present):
        keyword, targets = index.keywords[keyword_id]
        pos = lowered.find(keyword)
        if pos >= 0:
            _scan_keyword(text, lowered, keyword, pos, targets, best, budget)
    found = _resolve_same_line(best)
    return _with_line_numbers(text, found)


def _scan_keyword(
    text: str,
    lowered: str,
    keyword: str,
    pos: int,
    targets: tuple[_Target, ...],
    best: dict[str, tuple[int, ErrorEntry]],
    budget: list[int],
) -> None:
    """Try the targets on the lines containing ``keyword``: the first matching line per target."""
    pending = [t for t in targets if t.entry.id not in best or best[t.entry.id][0] > pos]
    tried: set[str] = set()
    while pos >= 0 and pending and len(tried) < MAX_ATTEMPTS and budget[0] > 0:
        budget[0] -= 1
        start = lowered.rfind("\n", 0, pos) + 1
        end = lowered.find("\n", pos)
        end = len(lowered) if end < 0 else end
        pending = _try_line(text, (start, end, pos, len(keyword)), pending, best, tried)
        pos = lowered.find(keyword, end)


def _try_line(
    text: str,
    where: tuple[int, int, int, int],
    pending: list[_Target],
    best: dict[str, tuple[int, ErrorEntry]],
    tried: set[str],
) -> list[_Target]:
    """Run the pending targets on a bounded window of one line; return those still unmatched."""
    start, end, pos, width = where
    stop = min(end, pos + width + WINDOW)
    # A window cut before the end of its line must not let `$` match at the cut.
    window = strip_bare_codes(text[max(start, pos - WINDOW) : stop]) + ("\x00" if stop < end else "")
    if window in tried:
        return pending
    tried.add(window)
    still: list[_Target] = []
    for target in pending:
        if target.regex.search(window) is None:
            still.append(target)
            continue
        previous = best.get(target.entry.id)
        if previous is None or previous[0] > start:
            best[target.entry.id] = (start, target.entry)
    return [t for t in still if t.entry.id not in best or best[t.entry.id][0] > end]


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
