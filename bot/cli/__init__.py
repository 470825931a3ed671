"""The `dockcoach` command. Each subcommand lives in its own module of this package.

A subcommand module defines ``register(subparsers)``, which adds its parser and sets
``handler=<function(args) -> int>`` as a default. The list below is explicit on purpose.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence

SUBCOMMAND_MODULES: tuple[str, ...] = (
    "bot.cli.ref",
    "bot.cli.validate",
    "bot.cli.lessons",
    "bot.cli.db",
    "bot.cli.xp",
    "bot.cli.leaderboard",
    "bot.cli.quiz",
    "bot.cli.console",
    "bot.cli.explain",
    "bot.cli.report",
    "bot.cli.run",
    "bot.cli.sync",
)

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


class CommandParser(argparse.ArgumentParser):
    """The top-level parser; it remembers which subcommands exist (argparse exits 2 on usage errors)."""

    subcommand_names: frozenset[str] = frozenset()


def build_parser() -> CommandParser:
    parser = CommandParser(
        prog="dockcoach",
        description="Bot Discord de quiz et de coaching pour un cours Docker "
        "(console quand DISCORD_TOKEN n'est pas défini).",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    parser.subcommand_names = frozenset(subparsers.choices)
    return parser


def configure_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


def default_command() -> str:
    """Without a subcommand: the Discord bot when a token is set, else the terminal console."""
    return "run" if os.environ.get("DISCORD_TOKEN", "").strip() else "console"


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args_list = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(args_list)
    if args.command is None:
        fallback = default_command()
        if fallback not in parser.subcommand_names:
            parser.print_help()
            return EXIT_OK
        args = parser.parse_args([*args_list, fallback])
    configure_logging(args.verbose)
    try:
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`dockcoach lessons | head`): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILURE
