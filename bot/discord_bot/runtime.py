"""The services the Discord front end calls, opened once per process in ``setup_hook``."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from bot.core.quiz.bank import question_from_bank
from bot.core.quiz.registry import GeneratorContext
from bot.services.communities import CommunitySettingsService
from bot.services.leaderboard import LeaderboardService
from bot.services.privacy import PrivacyService
from bot.services.progress import ProgressService
from bot.services.quiz import QuizContent, QuizService
from bot.services.quiz_runs import QuizRunService
from bot.settings import Settings
from bot.storage.catalog import CatalogSnapshot, ContentCatalog
from bot.storage.db import Database, open_database
from bot.storage.scenarios import load_registry_facts_from

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Services:
    db: Database
    catalog: ContentCatalog
    quiz: QuizService
    runs: QuizRunService
    progress: ProgressService
    leaderboard: LeaderboardService
    communities: CommunitySettingsService
    privacy: PrivacyService

    async def close(self) -> None:
        await self.db.dispose()


def quiz_content(snapshot: CatalogSnapshot, context: GeneratorContext) -> QuizContent:
    return QuizContent.build(snapshot.lessons, [question_from_bank(q) for q in snapshot.questions], context)


_CONTENT_CACHE: dict[tuple[Path, Path], tuple[tuple[object, ...], ContentCatalog, GeneratorContext]] = {}


def content_signature(settings: Settings) -> tuple[object, ...]:
    """Names, sizes and modification times of the content files: unchanged files are not parsed again."""
    files: list[Path] = []
    for folder in (settings.content_dir, settings.content_dir / "scenarios", settings.quizzes_dir):
        if folder.is_dir():
            files += sorted(p for p in folder.iterdir() if p.is_file())
    return tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files)


def _read_content(settings: Settings) -> tuple[ContentCatalog, GeneratorContext]:
    key = (settings.content_dir.resolve(), settings.quizzes_dir.resolve())
    signature = content_signature(settings)
    cached = _CONTENT_CACHE.get(key)
    if cached is not None and cached[0] == signature:
        return cached[1], cached[2]
    catalog = ContentCatalog(settings.content_dir, settings.quizzes_dir)
    snapshot = catalog.reload()
    for problem in snapshot.problems:
        log.warning("content: %s", problem)
    context = GeneratorContext(registry_facts=load_registry_facts_from(settings.content_dir))
    log.info("content loaded: %d lessons, %d bank questions", len(snapshot.lessons), len(snapshot.questions))
    _CONTENT_CACHE[key] = (signature, catalog, context)
    return catalog, context


async def load_content(settings: Settings) -> tuple[ContentCatalog, GeneratorContext]:
    """Read lessons, banks and scenario facts (in a thread: it is file I/O and parsing)."""
    return await asyncio.to_thread(_read_content, settings)


async def open_services(settings: Settings) -> Services:
    """Migrate the database to head, load the content, build the services."""
    db = await open_database(settings.effective_database_url)
    log.info("database ready (%s)", db.backend)
    catalog, context = await load_content(settings)
    progress = ProgressService(db.sessions)
    quiz = QuizService(quiz_content(catalog.snapshot, context), progress=progress)
    idle = timedelta(seconds=settings.quiz_idle_seconds)
    return Services(
        db=db,
        catalog=catalog,
        quiz=quiz,
        runs=QuizRunService(quiz, db.sessions, idle=idle),
        progress=progress,
        leaderboard=LeaderboardService(db.sessions),
        communities=CommunitySettingsService(db.sessions),
        privacy=PrivacyService(db.sessions),
    )
