"""``dockcoach quiz export``: the questions the bot will ask, as JSON Lines, for authors to review."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from bot.core.errors import DomainError
from bot.core.lessons import Lesson
from bot.core.quiz.bank import KIND as BANK_KIND
from bot.core.quiz.common import GeneratorUnavailableError
from bot.core.quiz.questions import Question
from bot.core.quiz.registry import generate_question, kinds
from bot.services.quiz import QuizContent, load_quiz_content
from bot.settings import Settings

EXIT_OK = 0
EXIT_FAILURE = 1
DEFAULT_PER_KIND = 10
SEEDS_PER_QUESTION = 5  # distinct questions are looked for among this many seeds per wanted question


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("quiz", help="quiz tools (export the questions the bot asks)")
    actions = parser.add_subparsers(dest="quiz_command", metavar="ACTION", required=True)
    export = actions.add_parser(
        "export",
        help="print generated and bank questions as JSON Lines",
        description=(
            "Print one JSON object per question: id, kind, type, lesson, section, objective, difficulty, "
            "prompt, choices, correct (indices into choices; accept for short answers), explanation, params. "
            "Generated questions come from seeds SEED, SEED+1, ...; the same options give the same output."
        ),
    )
    export.add_argument("--content", type=Path, metavar="DIR", help="lessons folder (default: CONTENT_DIR)")
    export.add_argument(
        "--quizzes", type=Path, metavar="DIR", help="question banks folder (default: QUIZZES_DIR)"
    )
    export.add_argument("--lesson", metavar="ID", help="only this lesson (id or order number)")
    export.add_argument("--kind", metavar="KIND", help=f"only this kind: {', '.join((*kinds(), BANK_KIND))}")
    export.add_argument("--seed", type=int, default=0, metavar="N", help="first seed (default 0)")
    export.add_argument(
        "--count",
        type=int,
        metavar="N",
        help=f"questions per kind and lesson (default {DEFAULT_PER_KIND}; every bank question)",
    )
    export.add_argument("--lang", choices=("fr", "en"), default="fr", help="language of the texts")
    export.set_defaults(handler=run_export)


def generated(kind: str, lesson: Lesson, content: QuizContent, seed: int, count: int) -> Iterator[Question]:
    """Up to ``count`` distinct questions of ``kind`` from consecutive seeds."""
    seen: set[str] = set()
    for offset in range(count * SEEDS_PER_QUESTION):
        if len(seen) >= count:
            return
        question = generate_question(kind, lesson, seed + offset, content.context)
        if question.id not in seen:
            seen.add(question.id)
            yield question


def export_questions(content: QuizContent, args: argparse.Namespace) -> Iterator[Question]:
    lessons = [content.lesson(args.lesson)] if args.lesson else list(content.lessons.values())
    for lesson in lessons:
        sources = content.sources(lesson)
        if args.kind and args.kind not in sources:
            raise GeneratorUnavailableError(args.kind, lesson.id, "rien à générer", "nothing to generate")
        for kind in (args.kind,) if args.kind else sources:
            if kind == BANK_KIND:
                bank = content.bank(lesson.id)
                yield from bank[: args.count] if args.count is not None else bank
            else:
                yield from generated(kind, lesson, content, args.seed, args.count or DEFAULT_PER_KIND)


def run_export(args: argparse.Namespace) -> int:
    settings = Settings()
    if args.count is not None and args.count < 1:
        print("error: --count must be at least 1", file=sys.stderr)
        return EXIT_FAILURE
    content_dir = args.content or settings.content_dir
    content, problems = load_quiz_content(content_dir, args.quizzes or settings.quizzes_dir)
    for problem in problems:
        if problem.is_error:
            print(str(problem), file=sys.stderr)
    if not content.lessons:
        print(f"error: no lesson loaded from {content_dir}", file=sys.stderr)
        return EXIT_FAILURE
    try:
        for question in export_questions(content, args):
            sys.stdout.write(json.dumps(question.to_json(args.lang), ensure_ascii=False) + "\n")
    except DomainError as error:
        print(f"error: {error.message('en')}", file=sys.stderr)
        return EXIT_FAILURE
    return EXIT_OK
