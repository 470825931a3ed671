"""``dockcoach report``: the organiser's report — who completed which lesson, who is stuck on which
objective, and per question family its facility, discrimination and most chosen wrong answer, with the
families that look broken flagged.

From the database (``--community``, default the console's community) or, with ``--input FILE``, from a JSON
document of attempts (see :mod:`bot.core.coaching.report_format`), without any database.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.cli.db import EXIT_FAILURE, EXIT_OK, add_database_option, cli_database, run_command
from bot.core.coaching.report import build_report
from bot.core.coaching.report_format import (
    ReportInputError,
    parse_report_input,
    render_report_text,
    report_to_dict,
)
from bot.core.learners import CONSOLE_COMMUNITY
from bot.services.coaching import CoachingService, CommunityReport


def _print(result: CommunityReport, args: argparse.Namespace) -> int:
    if args.json:
        print(json.dumps(report_to_dict(result.report, result.names), ensure_ascii=False, indent=2))
    else:
        print(render_report_text(result.report, args.lang, result.names))
    return EXIT_OK


def _from_file(args: argparse.Namespace) -> int:
    path = Path(args.input)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        report_input = parse_report_input(data)
    except OSError as error:
        print(f"error: cannot read {path}: {error.strerror or error}", file=sys.stderr)
        return EXIT_FAILURE
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        print(f"error: {path} is not UTF-8 JSON: {error}", file=sys.stderr)
        return EXIT_FAILURE
    except ReportInputError as error:
        print(f"error: {path}: {error.message('en')}", file=sys.stderr)
        return EXIT_FAILURE
    report = build_report(report_input.attempts, report_input.completions, datetime.now(UTC), args.lesson)
    return _print(CommunityReport(report, dict(report_input.names)), args)


def _report(args: argparse.Namespace) -> int:
    if args.input:
        return _from_file(args)
    community = args.community.strip()
    if not community:
        print("error: --community must not be empty", file=sys.stderr)
        return EXIT_FAILURE

    async def action() -> int:
        async with cli_database(args) as database:
            result = await CoachingService(database.sessions).report(
                community, now=datetime.now(UTC), lesson=args.lesson
            )
        return _print(result, args)

    return run_command(action)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "report",
        help="organiser's report: completions, stuck learners, question statistics and broken questions",
    )
    parser.add_argument(
        "--community", default=CONSOLE_COMMUNITY, help="Discord guild id, or 'console' (the default)"
    )
    parser.add_argument("--lesson", metavar="ID", help="only this lesson")
    parser.add_argument("--json", action="store_true", help="JSON instead of text")
    parser.add_argument("--lang", choices=("fr", "en"), default="fr", help="language of the text report")
    parser.add_argument(
        "--input", metavar="FILE", help="read attempts from a JSON file instead of the database"
    )
    add_database_option(parser)
    parser.set_defaults(handler=_report)
