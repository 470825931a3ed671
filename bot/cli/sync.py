"""``dockcoach sync [--guild ID]``: publish the slash commands (globally, or instantly to one server)."""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.discord_bot.launcher import (
    CommandsRefusedError,
    MissingTokenError,
    TokenRefusedError,
    sync_commands,
)
from bot.settings import Settings

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "sync",
        help="sync the slash commands with Discord (globally, or to one server with --guild)",
        description="Global sync can take up to an hour to appear; a guild sync is immediate.",
    )
    parser.add_argument("--guild", type=int, metavar="ID", help="sync to this server only (its id)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        synced = asyncio.run(sync_commands(Settings(), args.guild))
    except MissingTokenError:
        print("error: DISCORD_TOKEN is not set", file=sys.stderr)
        return EXIT_USAGE
    except TokenRefusedError:
        print("error: Discord refused the token (DISCORD_TOKEN)", file=sys.stderr)
        return EXIT_FAILURE
    except CommandsRefusedError as error:
        print(f"error: Discord refused the commands: {error}", file=sys.stderr)
        return EXIT_FAILURE
    where = f"server {args.guild}" if args.guild else "all servers (global)"
    names = ", ".join(sorted(synced))
    print(f"synced {len(synced)} commands to {where}: {names}")
    return EXIT_OK
