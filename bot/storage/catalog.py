"""The content catalog: lessons and question banks read from disk, reloadable on demand.

Files read (non-recursively; subfolders such as ``content/errors/`` belong to other loaders):

- lessons: ``CONTENT_DIR/*.md``, and ``CONTENT_DIR/*.txt`` files that start with a ``---`` front matter
  line (course exports are often saved as ``.txt``);
- question banks: ``QUIZZES_DIR/*.yaml`` and ``*.yml``.

:meth:`ContentCatalog.reload` re-reads everything and swaps in a new immutable :class:`CatalogSnapshot`.
A file that became broken keeps its previous version live (its problems are reported); a file seen broken
for the first time is left out. Other files are not affected.
"""

from __future__ import annotations

import codecs
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from bot.core.banks import BankParse, BankQuestion, QuestionBank, parse_bank, resolve_bank_set
from bot.core.lesson_parser import LessonParse, parse_lesson, resolve_lesson_set
from bot.core.lessons import Lesson
from bot.core.problems import Problem, Severity

log = logging.getLogger(__name__)

KEEPING_PREVIOUS = "keeping the previously loaded version of this file until its errors are fixed"


@dataclass(frozen=True, slots=True)
class CatalogSnapshot:
    """Everything loaded at one moment. ``lesson_parses``/``bank_parses`` are the live versions by path."""

    lessons: tuple[Lesson, ...] = ()  # sorted by order
    banks: tuple[QuestionBank, ...] = ()
    problems: tuple[Problem, ...] = ()
    lesson_parses: Mapping[str, LessonParse] = field(default_factory=dict)
    bank_parses: Mapping[str, BankParse] = field(default_factory=dict)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def questions(self) -> tuple[BankQuestion, ...]:
        return tuple(q for bank in self.banks for q in bank.questions)

    def lesson(self, lesson_id: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)

    def questions_for(self, lesson_id: str) -> tuple[BankQuestion, ...]:
        return tuple(q for bank in self.banks if bank.lesson == lesson_id for q in bank.questions)

    def question(self, question_id: str) -> BankQuestion | None:
        return next((q for q in self.questions if q.id == question_id), None)


def shown_path(path: Path) -> str:
    """How a file is named in problems: relative to the working directory when it is below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def lesson_files(directory: Path) -> list[Path]:
    """``*.md`` files, and ``*.txt`` files that start with front matter, sorted by name."""
    if not directory.is_dir():
        return []
    found = []
    for path in sorted(directory.iterdir()):
        if not path.is_file():
            continue
        if path.suffix == ".md" or (path.suffix == ".txt" and _starts_with_front_matter(path)):
            found.append(path)
    return found


def bank_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.is_file() and p.suffix in {".yaml", ".yml"})


def _starts_with_front_matter(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError:
        return False
    return head.removeprefix(codecs.BOM_UTF8).startswith(b"---")


def _read(path: Path, shown: str) -> bytes | Problem:
    try:
        return path.read_bytes()
    except OSError as exc:
        return Problem(shown, 0, Severity.ERROR, f"cannot read the file: {exc.strerror or exc}")


class ContentCatalog:
    """Lessons and banks from two folders; :meth:`reload` swaps in a new snapshot atomically."""

    def __init__(self, content_dir: Path, quizzes_dir: Path | None = None) -> None:
        self.content_dir = Path(content_dir)
        self.quizzes_dir = Path(quizzes_dir) if quizzes_dir is not None else None
        self._snapshot = CatalogSnapshot()

    @property
    def snapshot(self) -> CatalogSnapshot:
        return self._snapshot

    @property
    def lessons(self) -> tuple[Lesson, ...]:
        return self._snapshot.lessons

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self._snapshot.problems

    def lesson(self, lesson_id: str) -> Lesson | None:
        return self._snapshot.lesson(lesson_id)

    def reload(self) -> CatalogSnapshot:
        """Re-read every file; broken files keep their previous version. Returns the new snapshot."""
        previous = self._snapshot
        problems: list[Problem] = []
        lesson_parses = self._load_lessons(previous, problems)
        lessons_by_id = {p.lesson.id: p.lesson for p in lesson_parses.values() if p.lesson is not None}
        bank_parses = self._load_banks(previous, lessons_by_id, problems)
        lessons = sorted(lessons_by_id.values(), key=lambda lesson: (lesson.meta.order, lesson.id))
        banks = tuple(p.bank for p in bank_parses.values() if p.bank is not None)
        snapshot = CatalogSnapshot(
            lessons=tuple(lessons),
            banks=banks,
            problems=tuple(sorted(problems, key=lambda p: (p.path, p.line))),
            lesson_parses=MappingProxyType(lesson_parses),
            bank_parses=MappingProxyType(bank_parses),
        )
        self._snapshot = snapshot
        log.info(
            "content loaded: %d lessons, %d questions, %d problems",
            len(lessons),
            len(snapshot.questions),
            len(snapshot.problems),
        )
        return snapshot

    def _load_lessons(self, previous: CatalogSnapshot, problems: list[Problem]) -> dict[str, LessonParse]:
        candidates: list[LessonParse] = []
        for path in lesson_files(self.content_dir):
            shown = shown_path(path)
            data = _read(path, shown)
            parse = (
                LessonParse(shown, None, (data,)) if isinstance(data, Problem) else parse_lesson(data, shown)
            )
            problems.extend(parse.problems)
            chosen = _current_or_previous(parse, previous.lesson_parses.get(shown), problems)
            if chosen is not None:
                candidates.append(chosen)
        live = {p.lesson.id: path for path, p in previous.lesson_parses.items() if p.lesson is not None}
        candidates.sort(key=lambda c: (c.lesson is None or live.get(c.lesson.id) != c.path, c.path))
        kept, clashes = resolve_lesson_set(candidates)
        problems.extend(clashes)
        kept_paths = {c.path for c in kept}
        retry = [
            old
            for c in candidates
            if c.path not in kept_paths
            and (old := previous.lesson_parses.get(c.path)) is not None
            and old is not c
        ]
        if retry:
            second, _ = resolve_lesson_set([*kept, *retry])
            for parse in second[len(kept) :]:
                problems.append(Problem(parse.path, 0, Severity.WARNING, KEEPING_PREVIOUS))
            kept = second
        return {c.path: c for c in kept}

    def _load_banks(
        self, previous: CatalogSnapshot, lessons: Mapping[str, Lesson], problems: list[Problem]
    ) -> dict[str, BankParse]:
        if self.quizzes_dir is None:
            return {}
        candidates: list[BankParse] = []
        for path in bank_files(self.quizzes_dir):
            shown = shown_path(path)
            data = _read(path, shown)
            parse = (
                BankParse(shown, None, (data,))
                if isinstance(data, Problem)
                else parse_bank(data, shown, lessons)
            )
            problems.extend(parse.problems)
            chosen = _current_or_previous(parse, previous.bank_parses.get(shown), problems)
            if chosen is None and parse.bank is not None:
                chosen = parse  # first load of a partly broken bank: its valid questions only
            if chosen is not None and chosen.bank is not None and chosen.bank.lesson in lessons:
                candidates.append(chosen)
        kept, clashes = resolve_bank_set(candidates)
        problems.extend(clashes)
        return {parse.path: parse for parse in kept}


_Parse = TypeVar("_Parse", LessonParse, BankParse)


def _current_or_previous(parse: _Parse, old: _Parse | None, problems: list[Problem]) -> _Parse | None:
    """The new version when it has no error; else the previous one (with a warning) if there is one."""
    if not parse.has_errors:
        return parse
    if old is not None:
        problems.append(Problem(parse.path, 0, Severity.WARNING, KEEPING_PREVIOUS))
        return old
    return None


def load_catalog(content_dir: Path, quizzes_dir: Path | None = None) -> CatalogSnapshot:
    """Load once (no previous version to fall back on)."""
    return ContentCatalog(content_dir, quizzes_dir).reload()
