"""``dockcoach validate``: check every content file and print every problem, not just the first.

Checks run one after the other; each is a function ``(ValidationContext) -> Sequence[Problem]`` listed in
:data:`CHECKERS`. To add one (say, for ``content/errors/``), write such a function and append it to the
tuple. A checker may append a short note of what it checked to ``context.notes`` for the summary line.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.core.problems import Problem, Severity
from bot.settings import Settings
from bot.storage.catalog import load_catalog, shown_path
from bot.storage.error_catalog import load_error_catalog

EXIT_OK = 0
EXIT_PROBLEMS = 1


@dataclass(frozen=True, slots=True)
class ValidationContext:
    """What to check. ``quizzes_dir`` is ``None`` when banks are not checked."""

    content_dir: Path
    quizzes_dir: Path | None
    notes: list[str] = field(default_factory=list)


Checker = Callable[[ValidationContext], Sequence[Problem]]


def check_lessons_and_banks(context: ValidationContext) -> list[Problem]:
    """Lessons (``CONTENT_DIR/*.md``, front-matter ``*.txt``) and banks (``QUIZZES_DIR/*.yaml``)."""
    problems: list[Problem] = []
    for directory in (context.content_dir, context.quizzes_dir):
        if directory is not None and not directory.is_dir():
            problems.append(Problem(shown_path(directory), 0, Severity.ERROR, "directory not found"))
    snapshot = load_catalog(context.content_dir, context.quizzes_dir)
    problems.extend(snapshot.problems)
    note = f"{len(snapshot.lessons)} lesson(s)"
    if context.quizzes_dir is not None:
        note += f", {len(snapshot.banks)} bank(s) with {len(snapshot.questions)} question(s)"
    context.notes.append(note)
    return problems


def check_error_catalog(context: ValidationContext) -> list[Problem]:
    """The error explainer's catalog (``CONTENT_DIR/errors/*.yaml``): schema, safe patterns, examples."""
    directory = context.content_dir / "errors"
    if not directory.is_dir():
        return []
    catalog, problems = load_error_catalog(directory)
    examples = sum(len(entry.examples) for entry in catalog.entries)
    context.notes.append(f"{len(catalog.entries)} error entr(ies) with {examples} example(s)")
    return problems


CHECKERS: tuple[Checker, ...] = (check_lessons_and_banks, check_error_catalog)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "validate",
        help="check lessons and question banks, print every problem",
        description=(
            "Check every lesson (CONTENT_DIR/*.md, and *.txt files that start with '---' front matter) and "
            "every question bank (QUIZZES_DIR/*.yaml), then print each problem as 'path:line: error|warning: "
            "message'. Exit status 1 when there is at least one error."
        ),
    )
    parser.add_argument(
        "--content",
        type=Path,
        metavar="DIR",
        help="lessons folder (default: CONTENT_DIR, the shipped content/)",
    )
    parser.add_argument(
        "--quizzes",
        type=Path,
        metavar="DIR",
        help="question banks folder (default: QUIZZES_DIR, the shipped quizzes/, unless --content is given "
        "alone: then only the lessons are checked)",
    )
    parser.set_defaults(handler=run)


def context_from(args: argparse.Namespace) -> ValidationContext:
    """Folders from the arguments, else from the settings (banks are skipped for a lone --content)."""
    content: Path | None = args.content
    quizzes: Path | None = args.quizzes
    if content is None:
        settings = Settings()
        content = settings.content_dir
        quizzes = quizzes or settings.quizzes_dir
    return ValidationContext(content, quizzes)


def run(args: argparse.Namespace) -> int:
    context = context_from(args)
    problems = [problem for checker in CHECKERS for problem in checker(context)]
    for problem in problems:
        print(problem)
    errors = sum(problem.is_error for problem in problems)
    warnings = len(problems) - errors
    checked = "; ".join(context.notes)
    verdict = "FAILED" if errors else "OK"
    print(
        f"validate {verdict}: {errors} error(s), {warnings} warning(s)"
        + (f" — checked {checked}" if checked else "")
    )
    return EXIT_PROBLEMS if errors else EXIT_OK
