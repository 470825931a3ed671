"""``dockcoach console``: the terminal app (also what ``dockcoach`` runs when DISCORD_TOKEN is unset)."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import os
import sys
from contextlib import AsyncExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rich.console import Console

from bot.cli.db import add_database_option, database_url
from bot.console.app import ConsoleApp, ConsoleFeatures
from bot.console.coaching_commands import coaching_tools
from bot.console.messages import t
from bot.core.learners import LearnerKey
from bot.core.text import Lang
from bot.services.challenge import ChallengeService
from bot.services.coached_progress import CoachedProgress
from bot.services.explain import ExplainService
from bot.services.leaderboard import LeaderboardService
from bot.services.progress import ProgressService
from bot.services.quiz import ERRORS_DIR, QuizService, load_quiz_content
from bot.services.quiz_runs import QuizRunService
from bot.settings import Settings
from bot.storage.db import open_database

log = logging.getLogger(__name__)
COMMUNITY = "console"


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "console",
        help="the terminal app: lessons, quizzes, XP (works over a pipe)",
        description="Play the bot in a terminal. Commands start with '/': /help lists them.",
    )
    parser.add_argument("--content", type=Path, metavar="DIR", help="lessons folder (default: CONTENT_DIR)")
    parser.add_argument(
        "--quizzes", type=Path, metavar="DIR", help="question banks folder (default: QUIZZES_DIR)"
    )
    parser.add_argument("--lang", choices=("fr", "en"), default="fr", help="language (default fr)")
    parser.add_argument("--user", help="your name on the console leaderboard (default: $USER)")
    parser.add_argument("--seed", type=int, help="fixed seed for the quizzes (demos, tests)")
    parser.add_argument("--no-db", action="store_true", help="do not record progress (no database)")
    add_database_option(parser)
    parser.set_defaults(handler=run)


def _user(args: argparse.Namespace) -> str:
    name = (args.user or os.environ.get("USER") or "").strip()
    if not name:
        try:
            name = getpass.getuser()
        except (OSError, KeyError):
            name = "moi"
    return name


def _storage_features(database_sessions, lang: Lang) -> ConsoleFeatures:  # type: ignore[no-untyped-def]
    progress = ProgressService(database_sessions)
    boards = LeaderboardService(database_sessions)

    async def xp(learner: LearnerKey) -> str:
        p = await progress.profile(learner)
        rank = t("rank", lang, rank=p.rank) if p.rank else ""
        return t(
            "xp",
            lang,
            name=p.display_name or p.user,
            xp=p.xp,
            level=p.level,
            into=p.xp_into_level,
            step=p.xp_for_next_level,
            streak=p.streak,
            best=p.best_streak,
            rank=rank,
        )

    async def leaderboard(learner: LearnerKey) -> str:
        board = await boards.leaderboard(COMMUNITY, now=datetime.now(UTC), caller=learner.user)
        if not board.entries:
            return t("leaderboard_empty", lang)
        lines = [t("leaderboard_title", lang)]
        lines += [f"{e.rank:>3}. {e.display_name or e.user} — {e.xp} XP" for e in board.entries]
        return "\n".join(lines)

    return ConsoleFeatures(xp=xp, leaderboard=leaderboard)


async def _main(args: argparse.Namespace) -> int:
    settings = Settings()
    lang = Lang(args.lang)
    content_dir = args.content or settings.content_dir
    content, problems = load_quiz_content(content_dir, args.quizzes or settings.quizzes_dir)
    for problem in problems:
        log.warning("%s", problem)
    explainer = ExplainService.from_directory(content_dir / ERRORS_DIR)
    user = _user(args)
    console = Console(highlight=False, soft_wrap=not sys.stdout.isatty())  # no hard wraps in pipes
    async with AsyncExitStack() as stack:
        features = ConsoleFeatures(storage_missing_reason="--no-db")
        progress: ProgressService | None = None
        if not args.no_db:
            try:
                database = await open_database(database_url(args))
            except Exception as error:  # the console still works without storage
                log.warning("database unavailable: %s", error)
                features = ConsoleFeatures(storage_missing_reason=error.__class__.__name__)
            else:
                stack.push_async_callback(database.dispose)
                features = _storage_features(database.sessions, lang)
                progress = CoachedProgress(database.sessions)  # with review cards
        features.explain = explainer.answer
        service = QuizService(content, progress=progress)
        if progress is not None:
            runs = QuizRunService(
                service, progress, database.sessions, engine=database.engine, idle=timedelta(hours=1)
            )
            features.challenge = ChallengeService(runs, content, database.sessions)
        if isinstance(progress, CoachedProgress):  # /review, /progress, /rank, /next
            features.coaching = coaching_tools(database.sessions, content, progress, settings.data_dir)
        app = ConsoleApp(
            service,
            learner=LearnerKey(COMMUNITY, user, user),
            stdin=sys.stdin,
            console=console,
            lang=lang,
            features=features,
            seed=args.seed,
        )
        return await app.run()


def run(args: argparse.Namespace) -> int:
    try:
        return asyncio.run(_main(args))
    except KeyboardInterrupt:
        return 0
