"""``dockcoach leaderboard``: a community's all-time or weekly leaderboard, through LeaderboardService."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from datetime import UTC, datetime

from bot.cli.db import EXIT_OK, add_database_option, cli_database, run_command
from bot.core.leaderboard import Leaderboard, LeaderboardEntry, Period
from bot.services.leaderboard import MAX_LIMIT, LeaderboardService


def leaderboard_json(board: Leaderboard) -> dict[str, object]:
    return {
        "community": board.community,
        "period": str(board.period),
        "week_start": board.week_start.isoformat() if board.week_start else None,
        "ranked": board.ranked,
        "entries": [asdict(entry) for entry in board.entries],
        "caller": asdict(board.caller) if board.caller else None,
    }


def _line(entry: LeaderboardEntry) -> str:
    name = f" ({entry.display_name})" if entry.display_name and entry.display_name != entry.user else ""
    return f"{entry.rank:>4}  {entry.xp:>8}  {entry.user}{name}"


def render(board: Leaderboard) -> list[str]:
    title = f"this week (since {board.week_start})" if board.period is Period.WEEK else "all time"
    lines = [f"Leaderboard of {board.community}, {title}: {board.ranked} ranked learner(s)"]
    if not board.entries:
        return [*lines, "  nobody has XP yet"]
    lines.append(f"{'rank':>4}  {'xp':>8}  user")
    lines.extend(_line(entry) for entry in board.entries)
    if board.caller is not None and board.caller not in board.entries:
        lines.extend(["   …", _line(board.caller)])
    return lines


def _limit(text: str) -> int:
    value = int(text)
    if not 1 <= value <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_LIMIT}")
    return value


def _show(args: argparse.Namespace) -> int:
    period = Period.WEEK if args.week else Period.ALL

    async def action() -> int:
        async with cli_database(args) as database:
            board = await LeaderboardService(database.sessions).leaderboard(
                args.community.strip(),
                period=period,
                now=datetime.now(UTC),
                limit=args.limit,
                caller=args.caller,
                count_ranked=True,
            )
        if args.json:
            print(json.dumps(leaderboard_json(board), ensure_ascii=False))
        else:
            print("\n".join(render(board)))
        return EXIT_OK

    return run_command(action)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("leaderboard", help="a community's leaderboard (all time, or this week)")
    parser.add_argument("--community", required=True, help="Discord guild id, or 'console'")
    parser.add_argument(
        "--week", action="store_true", help="this week (since Monday 00:00, community time zone)"
    )
    parser.add_argument(
        "--limit", type=_limit, default=10, help=f"how many learners (1-{MAX_LIMIT}, default 10)"
    )
    parser.add_argument("--caller", metavar="USER", help="also show this user's rank, even outside the top")
    parser.add_argument("--json", action="store_true", help="print JSON")
    add_database_option(parser)
    parser.set_defaults(handler=_show)
