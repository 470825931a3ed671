"""The services the Discord front end calls, opened once per process in ``setup_hook``."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.services.communities import CommunitySettingsService
from bot.services.leaderboard import LeaderboardService
from bot.services.privacy import PrivacyService
from bot.services.progress import ProgressService
from bot.settings import Settings
from bot.storage.db import Database, open_database

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Services:
    db: Database
    progress: ProgressService
    leaderboard: LeaderboardService
    communities: CommunitySettingsService
    privacy: PrivacyService

    async def close(self) -> None:
        await self.db.dispose()


async def open_services(settings: Settings) -> Services:
    """Migrate the database to head, load the content, build the services."""
    db = await open_database(settings.effective_database_url)
    log.info("database ready (%s)", db.backend)
    return Services(
        db=db,
        progress=ProgressService(db.sessions),
        leaderboard=LeaderboardService(db.sessions),
        communities=CommunitySettingsService(db.sessions),
        privacy=PrivacyService(db.sessions),
    )
