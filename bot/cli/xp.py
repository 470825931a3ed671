"""``dockcoach xp add|show``: award (or correct) XP and look at a learner, through the progress service.

Several processes may run these at once against one database: every award is one transaction on the ledger,
and ``--key`` makes an award idempotent (running the same command twice awards once).
"""

from __future__ import annotations

import argparse
import json
import uuid
from dataclasses import asdict
from datetime import UTC, datetime

from bot.cli.db import EXIT_OK, add_database_option, cli_database, run_command
from bot.core.learners import LearnerKey
from bot.core.progress import LearnerProfile
from bot.services.progress import ProgressService


def _learner(args: argparse.Namespace) -> LearnerKey:
    return LearnerKey(args.community.strip(), args.user.strip(), (args.name or "").strip())


def profile_json(profile: LearnerProfile) -> dict[str, object]:
    data = asdict(profile)
    data["last_active_day"] = profile.last_active_day.isoformat() if profile.last_active_day else None
    data["xp_to_next_level"] = profile.xp_to_next_level
    return data


def _add(args: argparse.Namespace) -> int:
    learner = _learner(args)
    key = args.key or f"admin:{uuid.uuid4()}"

    async def action() -> int:
        async with cli_database(args) as database:
            outcome = await ProgressService(database.sessions).award(
                learner, amount=args.amount, reason=args.reason, source_key=key, at=datetime.now(UTC)
            )
        if args.json:
            print(json.dumps({"key": key, **asdict(outcome)}, ensure_ascii=False))
        elif outcome.duplicate:
            print(f"already awarded with key {key!r}: nothing changed (total {outcome.total_xp} XP)")
        else:
            up = " — level up!" if outcome.leveled_up else ""
            print(
                f"{outcome.xp_awarded:+d} XP to {learner.user} in {learner.community}: "
                f"total {outcome.total_xp} XP, level {outcome.level}{up} (key {key})"
            )
        return EXIT_OK

    return run_command(action)


def _show(args: argparse.Namespace) -> int:
    learner = _learner(args)

    async def action() -> int:
        async with cli_database(args) as database:
            profile = await ProgressService(database.sessions).profile(learner)
        if args.json:
            print(json.dumps(profile_json(profile), ensure_ascii=False))
            return EXIT_OK
        name = f" ({profile.display_name})" if profile.display_name else ""
        rank = f"#{profile.rank}" if profile.rank else "unranked"
        print(f"{profile.user}{name} in {profile.community}")
        to_next = f"{profile.xp_to_next_level} XP to level {profile.level + 1}"
        print(f"  XP      {profile.xp} — level {profile.level}, {to_next}")
        print(f"  streak  {profile.streak} day(s), best {profile.best_streak}")
        print(f"  rank    {rank} (all time)")
        return EXIT_OK

    return run_command(action)


def _learner_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--community", required=True, help="Discord guild id, or 'console'")
    parser.add_argument("--user", required=True, help="Discord user id, or the console user name")
    add_database_option(parser)
    parser.add_argument("--json", action="store_true", help="print JSON")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("xp", help="award XP to a learner or show a learner's XP (admin)")
    commands = parser.add_subparsers(dest="xp_command", metavar="ACTION", required=True)
    add = commands.add_parser("add", help="award XP (a negative amount corrects a mistake)")
    _learner_options(add)
    add.add_argument("--amount", type=int, required=True, help="XP to add (negative to remove)")
    add.add_argument("--reason", required=True, help="why (kept in the ledger)")
    add.add_argument("--key", help="idempotency key: the same key never awards twice (default: a new key)")
    add.add_argument("--name", help="display name to record for the learner")
    add.set_defaults(handler=_add)
    show = commands.add_parser("show", help="XP, level, streak and rank of a learner")
    _learner_options(show)
    show.set_defaults(handler=_show, name=None)
