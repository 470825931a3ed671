"""The error catalog: value types and the schema check of one entry from parsed data (no I/O)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bot.core.explainer.patterns import SafePattern, UnsafePatternError, compile_safe
from bot.core.text import LocalizedText

ID_RE = re.compile(r"[a-z][a-z0-9_]{1,48}")
SECTION_RE = re.compile(r"\d{1,2}\.\d{1,2}")
LESSON_RE = re.compile(r"\d{2}-[a-z0-9-]{1,60}")
MIN_EXAMPLES = 3


class ErrorSeverity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Lower is more serious (used to choose the primary diagnosis)."""
        return {ErrorSeverity.ERROR: 0, ErrorSeverity.WARNING: 1, ErrorSeverity.INFO: 2}[self]


class DockerCommand(StrEnum):
    PUSH = "push"
    PULL = "pull"
    LOGIN = "login"
    LOGOUT = "logout"
    TAG = "tag"
    RUN = "run"
    BUILD = "build"
    COMPOSE = "compose"
    BUILDX = "buildx"
    ANY = "any"


@dataclass(frozen=True, slots=True)
class LocalizedList:
    """A list of short texts in French and English (same meaning, not necessarily the same length)."""

    fr: tuple[str, ...]
    en: tuple[str, ...]

    def get(self, lang: str) -> tuple[str, ...]:
        return self.en if str(lang) == "en" and self.en else self.fr


@dataclass(frozen=True, slots=True)
class ErrorEntry:
    """One known error: how to detect it and how to explain it."""

    id: str
    title: LocalizedText
    severity: ErrorSeverity
    patterns: tuple[SafePattern, ...]
    commands: tuple[DockerCommand, ...]
    lesson: str
    section: str
    meaning: LocalizedText
    causes: LocalizedList
    fix: LocalizedText
    examples: tuple[str, ...]
    priority: int = 0

    @property
    def keywords(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.keyword for p in self.patterns))

    @property
    def lesson_link(self) -> str:
        return f"{self.lesson}#{self.section}"


@dataclass(frozen=True, slots=True)
class ErrorCatalog:
    """All entries, in a stable order (by id)."""

    entries: tuple[ErrorEntry, ...]

    def __post_init__(self) -> None:
        ids = [e.id for e in self.entries]
        if len(ids) != len(set(ids)):
            raise ValueError("duplicate error ids in catalog")

    def get(self, entry_id: str) -> ErrorEntry | None:
        for entry in self.entries:
            if entry.id == entry_id:
                return entry
        return None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(e.id for e in self.entries)

    @classmethod
    def of(cls, entries: Iterable[ErrorEntry]) -> ErrorCatalog:
        return cls(tuple(sorted(entries, key=lambda e: e.id)))


@dataclass(frozen=True, slots=True)
class EntryIssue:
    """A schema problem in one entry; ``field`` is a dotted path such as ``patterns.2``."""

    field: str
    message: str


REQUIRED = (
    "id",
    "title",
    "severity",
    "patterns",
    "commands",
    "lesson",
    "section",
    "meaning",
    "causes",
    "fix",
)
KNOWN = {*REQUIRED, "examples", "priority"}


def entry_from_data(data: Any) -> tuple[ErrorEntry | None, list[EntryIssue]]:
    """Check parsed data against the entry schema; return the entry (or None) and every issue found."""
    if not isinstance(data, Mapping):
        return None, [EntryIssue("", "an error entry must be a mapping")]
    issues: list[EntryIssue] = []
    issues += [EntryIssue(k, f"missing required field '{k}'") for k in REQUIRED if k not in data]
    issues += [EntryIssue(str(k), f"unknown field '{k}'") for k in data if k not in KNOWN]
    entry_id = _check_id(data.get("id"), issues)
    title = _localized(data, "title", issues)
    meaning = _localized(data, "meaning", issues)
    fix = _localized(data, "fix", issues)
    causes = _localized_list(data, "causes", issues)
    severity = _enum(ErrorSeverity, data.get("severity"), "severity", issues)
    commands = _commands(data.get("commands"), issues)
    patterns = _patterns(data.get("patterns"), issues)
    examples = _examples(data.get("examples"), issues)
    lesson, section = _lesson(data, issues)
    priority = data.get("priority", 0)
    if not isinstance(priority, int) or isinstance(priority, bool) or not -100 <= priority <= 100:
        issues.append(EntryIssue("priority", "priority must be an integer between -100 and 100"))
        priority = 0
    if issues or None in (entry_id, title, meaning, fix, causes, severity):
        return None, issues
    entry = ErrorEntry(
        id=entry_id, title=title, severity=severity, patterns=patterns, commands=commands,
        lesson=lesson, section=section, meaning=meaning, causes=causes, fix=fix,
        examples=examples, priority=priority,
    )  # fmt: skip
    return entry, []


def _check_id(value: Any, issues: list[EntryIssue]) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not ID_RE.fullmatch(value):
        issues.append(EntryIssue("id", f"id must be snake_case ascii ([a-z][a-z0-9_]+), got {value!r}"))
        return None
    return value


def _localized(data: Mapping, key: str, issues: list[EntryIssue]) -> LocalizedText | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, Mapping):
        issues.append(EntryIssue(key, f"'{key}' must be a mapping with 'fr' and 'en'"))
        return None
    texts = {}
    for lang in ("fr", "en"):
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            issues.append(EntryIssue(f"{key}.{lang}", f"'{key}.{lang}' must be a non-empty string"))
        else:
            texts[lang] = text.strip()
    if len(texts) != 2:
        return None
    return LocalizedText(fr=texts["fr"], en=texts["en"])


def _localized_list(data: Mapping, key: str, issues: list[EntryIssue]) -> LocalizedList | None:
    value = data.get(key)
    if value is None:
        return None
    ok = isinstance(value, Mapping)
    lists: dict[str, tuple[str, ...]] = {}
    for lang in ("fr", "en"):
        items = value.get(lang) if ok else None
        if (
            not isinstance(items, list)
            or not items
            or not all(isinstance(i, str) and i.strip() for i in items)
        ):
            issues.append(EntryIssue(f"{key}.{lang}", f"'{key}.{lang}' must be a non-empty list of strings"))
        else:
            lists[lang] = tuple(i.strip() for i in items)
    if len(lists) != 2:
        return None
    return LocalizedList(fr=lists["fr"], en=lists["en"])


def _enum(kind: type[StrEnum], value: Any, key: str, issues: list[EntryIssue]) -> Any:
    if value is None:
        return None
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        issues.append(EntryIssue(key, f"'{key}' must be one of {allowed}, got {value!r}"))
        return None


def _commands(value: Any, issues: list[EntryIssue]) -> tuple[DockerCommand, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not value:
        issues.append(EntryIssue("commands", "'commands' must be a non-empty list"))
        return ()
    found = [_enum(DockerCommand, item, f"commands.{i}", issues) for i, item in enumerate(value)]
    return tuple(c for c in found if c is not None)


def _patterns(value: Any, issues: list[EntryIssue]) -> tuple[SafePattern, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not value:
        issues.append(EntryIssue("patterns", "'patterns' must be a non-empty list of regexes"))
        return ()
    compiled = []
    for i, source in enumerate(value):
        try:
            compiled.append(compile_safe(source))
        except UnsafePatternError as exc:
            issues.append(EntryIssue(f"patterns.{i}", str(exc)))
    return tuple(compiled)


def _examples(value: Any, issues: list[EntryIssue]) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        issues.append(EntryIssue("examples", "'examples' must be a list of non-empty strings"))
        return ()
    if len(value) < MIN_EXAMPLES:
        issues.append(EntryIssue("examples", f"at least {MIN_EXAMPLES} example pastes are required"))
    if len(set(value)) != len(value):
        issues.append(EntryIssue("examples", "examples must be distinct"))
    return tuple(value)


def _lesson(data: Mapping, issues: list[EntryIssue]) -> tuple[str, str]:
    lesson, section = data.get("lesson"), data.get("section")
    if lesson is not None and (not isinstance(lesson, str) or not LESSON_RE.fullmatch(lesson)):
        issues.append(
            EntryIssue("lesson", f"'lesson' must be a lesson slug like '10-registries', got {lesson!r}")
        )
    if section is not None and (not isinstance(section, str) or not SECTION_RE.fullmatch(section)):
        issues.append(
            EntryIssue("section", f"'section' must be a quoted section number like \"10.5\", got {section!r}")
        )
    elif (
        isinstance(section, str)
        and isinstance(lesson, str)
        and not lesson.startswith(section.split(".")[0].zfill(2))
    ):
        issues.append(EntryIssue("section", f"section {section} is not in lesson {lesson}"))
    return str(lesson or ""), str(section or "")
