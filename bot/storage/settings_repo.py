"""Per-community settings and explain channels. Never commits; returns core values."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.communities import DEFAULT_LOCALE, DEFAULT_TIMEZONE, CommunitySettings
from bot.core.text import Lang
from bot.storage.models import CommunitySettings as SettingsRow
from bot.storage.models import ExplainChannel
from bot.storage.sql import insert


class SettingsRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def timezone(self, community: str) -> str:
        found = await self._session.scalar(
            select(SettingsRow.timezone).where(SettingsRow.community == community)
        )
        return found or DEFAULT_TIMEZONE

    async def get(self, community: str) -> CommunitySettings:
        row = (
            await self._session.execute(
                select(SettingsRow.timezone, SettingsRow.locale).where(SettingsRow.community == community)
            )
        ).first()
        channels = await self.explain_channels(community)
        if row is None:
            return CommunitySettings(community, explain_channels=channels)
        locale = Lang(row.locale) if row.locale in set(Lang) else DEFAULT_LOCALE
        return CommunitySettings(community, row.timezone, locale, channels)

    async def save(
        self, community: str, at: datetime, *, timezone: str | None = None, locale: Lang | None = None
    ) -> None:
        """Create or update the community's row; only the given fields change."""
        values = {
            "community": community,
            "timezone": timezone or DEFAULT_TIMEZONE,
            "locale": str(locale or DEFAULT_LOCALE),
            "updated_at": at,
        }
        changed: dict[str, object] = {"updated_at": at}
        if timezone is not None:
            changed["timezone"] = timezone
        if locale is not None:
            changed["locale"] = str(locale)
        stmt = insert(self._session, SettingsRow).values(**values)
        await self._session.execute(stmt.on_conflict_do_update(index_elements=["community"], set_=changed))

    async def explain_channels(self, community: str) -> tuple[str, ...]:
        rows = await self._session.scalars(
            select(ExplainChannel.channel_id)
            .where(ExplainChannel.community == community)
            .order_by(ExplainChannel.added_at, ExplainChannel.channel_id)
        )
        return tuple(rows)

    async def add_explain_channel(self, community: str, channel_id: str, at: datetime) -> bool:
        """True when the channel was added, False when it already was one."""
        added = await self._session.execute(
            insert(self._session, ExplainChannel)
            .values(community=community, channel_id=channel_id, added_at=at)
            .on_conflict_do_nothing(index_elements=["community", "channel_id"])
            .returning(ExplainChannel.channel_id)
        )
        return added.first() is not None

    async def remove_explain_channel(self, community: str, channel_id: str) -> bool:
        removed = await self._session.execute(
            delete(ExplainChannel)
            .where(ExplainChannel.community == community, ExplainChannel.channel_id == channel_id)
            .returning(ExplainChannel.channel_id)
        )
        return removed.first() is not None
