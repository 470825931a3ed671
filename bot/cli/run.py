"""``dockcoach run``: the Discord bot (also what ``dockcoach`` runs when DISCORD_TOKEN is set)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from bot.discord_bot.launcher import IntentsRefusedError, MissingTokenError, TokenRefusedError, serve
from bot.settings import Settings

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "run",
        help="start the Discord bot (needs DISCORD_TOKEN)",
        description="Start the Discord bot. Settings come from the environment or .env (see README).",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    settings = Settings()
    if not args.verbose:
        logging.getLogger().setLevel(settings.log_level.upper())
    try:
        asyncio.run(serve(settings))
    except MissingTokenError:
        print(
            "error: DISCORD_TOKEN is not set (use `dockcoach console` to try the bot without it)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    except TokenRefusedError:
        print("error: Discord refused the token (DISCORD_TOKEN)", file=sys.stderr)
        return EXIT_FAILURE
    except IntentsRefusedError:
        print(
            "error: Discord refused the Message Content intent: enable it in the developer portal "
            "(Bot → Privileged Gateway Intents) or set EXPLAIN_ON_PASTE=false",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return EXIT_OK
    return EXIT_OK
