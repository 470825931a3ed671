"""The services the Discord front end calls, opened once per process in ``setup_hook``."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from bot.core.quiz.registry import GeneratorContext
from bot.services.coached_progress import CoachedProgress
from bot.services.communities import CommunitySettingsService
from bot.services.explain import ExplainService
from bot.services.leaderboard import LeaderboardService
from bot.services.privacy import PrivacyService
from bot.services.progress import ProgressService
from bot.services.quiz import ERRORS_DIR, QuizService, load_error_facts, quiz_content_from
from bot.services.quiz_runs import QuizRunService
from bot.settings import Settings
from bot.storage.catalog import ContentCatalog
from bot.storage.db import Database, open_database
from bot.storage.scenarios import load_registry_facts_from

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Services:
    db: Database
    catalog: ContentCatalog
    explainer: ExplainService
    quiz: QuizService
    runs: QuizRunService
    progress: ProgressService
    leaderboard: LeaderboardService
    communities: CommunitySettingsService
    privacy: PrivacyService

    async def close(self) -> None:
        await self.runs.drain()
        await self.db.dispose()


@dataclass(frozen=True, slots=True)
class Content:
    catalog: ContentCatalog
    context: GeneratorContext
    explainer: ExplainService


_CONTENT_CACHE: dict[tuple[Path, Path], tuple[tuple[object, ...], Content]] = {}


def content_signature(settings: Settings) -> tuple[object, ...]:
    """Names, sizes and modification times of the content files: unchanged files are not parsed again."""
    files: list[Path] = []
    content = settings.content_dir
    for folder in (content, content / "scenarios", content / ERRORS_DIR, settings.quizzes_dir):
        if folder.is_dir():
            files += sorted(p for p in folder.iterdir() if p.is_file())
    return tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files)


def _read_content(settings: Settings) -> Content:
    key = (settings.content_dir.resolve(), settings.quizzes_dir.resolve())
    signature = content_signature(settings)
    cached = _CONTENT_CACHE.get(key)
    if cached is not None and cached[0] == signature:
        return cached[1]
    catalog = ContentCatalog(settings.content_dir, settings.quizzes_dir)
    snapshot = catalog.reload()
    for problem in snapshot.problems:
        log.warning("content: %s", problem)
    context = GeneratorContext(
        load_registry_facts_from(settings.content_dir), load_error_facts(settings.content_dir / ERRORS_DIR)
    )
    log.info("content loaded: %d lessons, %d bank questions", len(snapshot.lessons), len(snapshot.questions))
    explainer = ExplainService.from_directory(settings.content_dir / ERRORS_DIR)
    content = Content(catalog, context, explainer)
    _CONTENT_CACHE[key] = (signature, content)
    return content


async def load_content(settings: Settings) -> Content:
    """Read lessons, banks and scenario facts (in a thread: it is file I/O and parsing)."""
    return await asyncio.to_thread(_read_content, settings)


async def open_services(settings: Settings) -> Services:
    """Migrate the database to head, load the content, build the services."""
    db = await open_database(settings.effective_database_url)
    log.info("database ready (%s)", db.backend)
    content = await load_content(settings)
    progress = CoachedProgress(db.sessions)  # progress + review cards for every quiz answer
    quiz = QuizService(quiz_content_from(content.catalog.snapshot, content.context), progress=progress)
    idle = timedelta(seconds=settings.quiz_idle_seconds)
    return Services(
        db=db,
        catalog=content.catalog,
        explainer=content.explainer,
        quiz=quiz,
        runs=QuizRunService(quiz, progress, db.sessions, engine=db.engine, idle=idle),
        progress=progress,
        leaderboard=LeaderboardService(db.sessions),
        communities=CommunitySettingsService(db.sessions),
        privacy=PrivacyService(db.sessions),
    )
