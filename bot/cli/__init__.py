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


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser with every subcommand, or only ``command``'s when it names one.

    Loading one module is a faster start-up: each subcommand module imports what it needs (discord.py,
    SQLAlchemy, ...), and a run needs only one of them.
    """
    parser = argparse.ArgumentParser(
        prog="dockcoach",
        description="Bot Discord de quiz et de coaching pour un cours Docker "
        "(console quand DISCORD_TOKEN n'est pas défini).",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    by_name = {module.rsplit(".", 1)[1]: module for module in SUBCOMMAND_MODULES}
    modules = [by_name[command]] if command in by_name else list(SUBCOMMAND_MODULES)
    for name in modules:
        importlib.import_module(name).register(subparsers)
    return parser


def requested_command(args: Sequence[str]) -> str | None:
    """The subcommand named on the command line (the first word that is not a top-level option)."""
    return next((arg for arg in args if not arg.startswith("-")), None)


def configure_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


def default_command() -> str:
    """Without a subcommand: the Discord bot when a token is set, else the terminal console."""
    return "run" if os.environ.get("DISCORD_TOKEN", "").strip() else "console"


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    command = requested_command(args_list)
    if command is None and not {"-h", "--help"} & set(args_list):
        command = default_command()
        args_list = [*args_list, command]
    parser = build_parser(command)
    args = parser.parse_args(args_list)
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
