"""Per-community settings (time zone, locale, explain channels), as used by ``/settings``."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.communities import CommunitySettings
from bot.core.errors import DomainError
from bot.core.text import Lang
from bot.core.xp import zone
from bot.storage.db import run_transaction
from bot.storage.settings_repo import SettingsRepository

__all__ = ["CommunitySettings", "CommunitySettingsService", "InvalidLocaleError"]


class InvalidLocaleError(DomainError, ValueError):
    def __init__(self, locale: str) -> None:
        self.locale = locale
        known = ", ".join(str(lang) for lang in Lang)
        super().__init__(
            f"Langue inconnue : {locale!r} (disponibles : {known}).",
            f"Unknown language: {locale!r} (available: {known}).",
        )


def _now() -> datetime:
    return datetime.now(UTC)


def _channel(channel_id: str | int) -> str:
    text = str(channel_id).strip()
    if not text.isdigit():
        raise ValueError(f"a channel id is a Discord snowflake (digits), got {channel_id!r}")
    return text


class CommunitySettingsService:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def get(self, community: str) -> CommunitySettings:
        """The community's settings (defaults — UTC, French, no explain channel — when never set)."""

        async def work(session: AsyncSession) -> CommunitySettings:
            return await SettingsRepository(session).get(community)

        return await run_transaction(self._sessions, work, read_only=True)

    async def set_timezone(self, community: str, timezone: str) -> CommunitySettings:
        """Set the IANA time zone (``Europe/Paris``); raises ``InvalidTimezoneError`` for unknown names."""
        name = timezone.strip()
        zone(name)

        async def work(session: AsyncSession) -> CommunitySettings:
            repo = SettingsRepository(session)
            await repo.save(community, _now(), timezone=name)
            return await repo.get(community)

        return await run_transaction(self._sessions, work)

    async def set_locale(self, community: str, locale: str | Lang) -> CommunitySettings:
        """Set the community's language (``fr`` or ``en``; Discord locales like ``en-US`` are accepted)."""
        text = str(locale).strip().lower()
        if text not in {str(lang) for lang in Lang} and not text.startswith(("en-", "fr-")):
            raise InvalidLocaleError(str(locale))
        lang = Lang.from_locale(text)

        async def work(session: AsyncSession) -> CommunitySettings:
            repo = SettingsRepository(session)
            await repo.save(community, _now(), locale=lang)
            return await repo.get(community)

        return await run_transaction(self._sessions, work)

    async def add_explain_channel(self, community: str, channel_id: str | int) -> bool:
        """Make ``channel_id`` an explain channel; False when it already was one."""
        channel = _channel(channel_id)

        async def work(session: AsyncSession) -> bool:
            return await SettingsRepository(session).add_explain_channel(community, channel, _now())

        return await run_transaction(self._sessions, work)

    async def remove_explain_channel(self, community: str, channel_id: str | int) -> bool:
        """Stop explaining errors in ``channel_id``; False when it was not an explain channel."""
        channel = _channel(channel_id)

        async def work(session: AsyncSession) -> bool:
            return await SettingsRepository(session).remove_explain_channel(community, channel)

        return await run_transaction(self._sessions, work)

    async def is_explain_channel(self, community: str, channel_id: str | int) -> bool:
        return _channel(channel_id) in (await self.get(community)).explain_channels
