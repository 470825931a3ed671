"""``dockcoach db upgrade|current``: bring the database schema to the latest revision, or show where it is.

Also the helpers the other database commands share: the ``--database-url`` option and opening the database
(upgraded to head first, which is cheap when it already is).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TypeVar

from sqlalchemy.exc import SQLAlchemyError

from bot.core.errors import DomainError
from bot.settings import Settings
from bot.storage.db import Database, open_database
from bot.storage.migrate import current_revision, head_revision, upgrade_to_head

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILURE = 1
T = TypeVar("T")


def add_database_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="SQLAlchemy URL (default: DATABASE_URL, else a SQLite file under DATA_DIR)",
    )


def database_url(args: argparse.Namespace) -> str:
    return str(getattr(args, "database_url", None) or Settings().effective_database_url)


@asynccontextmanager
async def cli_database(args: argparse.Namespace) -> AsyncIterator[Database]:
    """The database named by the options, upgraded to head, disposed afterwards."""
    database = await open_database(database_url(args))
    try:
        yield database
    finally:
        await database.dispose()


def run_command(action: Callable[[], Awaitable[int]]) -> int:
    """Run an async command; expected failures become one line on stderr and exit status 1."""
    try:
        return asyncio.run(action())
    except DomainError as error:
        print(f"error: {error.message('en')}", file=sys.stderr)
    except (SQLAlchemyError, OSError) as error:
        log.debug("database failure", exc_info=True)
        print(f"error: database unavailable: {error.__class__.__name__}: {error}", file=sys.stderr)
    return EXIT_FAILURE


def _upgrade(args: argparse.Namespace) -> int:
    async def action() -> int:
        reached = await upgrade_to_head(database_url(args))
        print(f"database at revision {reached} (head)")
        return EXIT_OK

    return run_command(action)


def _current(args: argparse.Namespace) -> int:
    async def action() -> int:
        current, head = await current_revision(database_url(args)), head_revision()
        state = "up to date" if current == head else "needs 'dockcoach db upgrade'"
        print(f"database at revision {current or '(empty)'}, head is {head}: {state}")
        return EXIT_OK

    return run_command(action)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "db", help="database schema: upgrade to the latest revision, show the current one"
    )
    commands = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    upgrade = commands.add_parser(
        "upgrade", help="upgrade the schema to the latest revision (safe to repeat)"
    )
    add_database_option(upgrade)
    upgrade.set_defaults(handler=_upgrade)
    current = commands.add_parser("current", help="show the schema's revision and the latest one")
    add_database_option(current)
    current.set_defaults(handler=_current)
