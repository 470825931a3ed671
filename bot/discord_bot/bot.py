"""The bot: settings in, discord.py client out. Startup work happens in ``setup_hook``."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp
import discord
from discord.ext import commands

from bot.discord_bot.errors import CoachCommandTree
from bot.discord_bot.network import configure_endpoints
from bot.discord_bot.runtime import Services, open_services
from bot.discord_bot.translations import CoachTranslator
from bot.settings import Settings

log = logging.getLogger(__name__)

# Every extension the bot loads, explicitly (no directory scanning).
EXTENSIONS: tuple[str, ...] = (
    "bot.discord_bot.meta",
    "bot.discord_bot.lessons",
    "bot.discord_bot.quiz",
    "bot.discord_bot.progress",
    "bot.discord_bot.explain",
    "bot.discord_bot.paste",
    "bot.discord_bot.admin",
    "bot.discord_bot.privacy",
    "bot.discord_bot.live_cog",
    "bot.discord_bot.level_roles_cog",
    "bot.discord_bot.challenge_cog",
    "bot.discord_bot.coaching_cog",
)


def build_intents(*, message_content: bool) -> discord.Intents:
    """Only what the bot uses: guilds (channels, roles), guild messages for explain-on-paste."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = message_content
    intents.message_content = message_content
    return intents


async def _let_cancelled_tasks_finish(timeout: float = 5.0) -> None:
    """Background tasks cancelled while unloading the cogs may be inside a database transaction: let them
    roll back before the engine is disposed (a connection cut mid-transaction can hang the event loop)."""
    current = asyncio.current_task()
    cancelled = [t for t in asyncio.all_tasks() if t is not current and not t.done() and t.cancelling()]
    if cancelled:
        _, still = await asyncio.wait(cancelled, timeout=timeout)
        for task in still:
            log.warning("task %s did not finish after being cancelled", task.get_name())


class CoachBotMixin:
    """What both bot classes share (plain and auto-sharded)."""

    settings: Settings
    services: Services
    sync_on_start: bool

    def _init_coach(self, settings: Settings, *, sync_on_start: bool) -> None:
        self.settings = settings
        self.sync_on_start = sync_on_start

    async def setup_hook(self) -> None:
        bot: commands.Bot = self  # type: ignore[assignment]
        self.services = await open_services(self.settings)
        await bot.tree.set_translator(CoachTranslator())
        for extension in EXTENSIONS:
            await bot.load_extension(extension)
        if self.sync_on_start and self.settings.dev_guild_id:
            guild = discord.Object(id=self.settings.dev_guild_id)
            bot.tree.copy_global_to(guild=guild)
            synced = await bot.tree.sync(guild=guild)
            log.info("synced %d commands to the dev guild %s", len(synced), self.settings.dev_guild_id)

    async def close(self) -> None:
        await super().close()  # type: ignore[misc]
        await _let_cancelled_tasks_finish()
        services = getattr(self, "services", None)
        if services is not None:
            await services.close()


def _client_options(settings: Settings, connector: aiohttp.BaseConnector | None) -> dict[str, Any]:
    options: dict[str, Any] = {
        "command_prefix": commands.when_mentioned,
        "help_command": None,
        "intents": build_intents(message_content=settings.explain_on_paste),
        "allowed_mentions": discord.AllowedMentions.none(),
        "tree_cls": CoachCommandTree,
        "max_messages": 1000,
        "chunk_guilds_at_startup": False,
        "guild_ready_timeout": settings.guild_ready_timeout,
    }
    if connector is not None:
        options["connector"] = connector
    return options


class CoachBot(CoachBotMixin, commands.Bot):
    def __init__(
        self,
        settings: Settings,
        *,
        connector: aiohttp.BaseConnector | None = None,
        sync_on_start: bool = True,
    ) -> None:
        super().__init__(**_client_options(settings, connector))
        self._init_coach(settings, sync_on_start=sync_on_start)


class ShardedCoachBot(CoachBotMixin, commands.AutoShardedBot):
    def __init__(
        self,
        settings: Settings,
        *,
        connector: aiohttp.BaseConnector | None = None,
        sync_on_start: bool = True,
    ) -> None:
        super().__init__(
            shard_count=settings.shard_count,
            shard_ids=settings.shard_ids,
            **_client_options(settings, connector),
        )
        self._init_coach(settings, sync_on_start=sync_on_start)


def create_bot(
    settings: Settings, *, connector: aiohttp.BaseConnector | None = None, sync_on_start: bool = True
) -> CoachBot | ShardedCoachBot:
    """The bot for ``settings``: auto-sharded when ``SHARD_COUNT`` is set (``SHARD_IDS`` picks this
    process's shards). Points discord.py at ``DISCORD_API_BASE`` / ``DISCORD_GATEWAY_URL``."""
    configure_endpoints(settings.discord_api_base, settings.discord_gateway_url)
    if settings.shard_ids and not settings.shard_count:
        raise ValueError("SHARD_IDS needs SHARD_COUNT")
    if settings.shard_count:
        bad = [i for i in settings.shard_ids or () if not 0 <= i < settings.shard_count]
        if bad:
            raise ValueError(f"SHARD_IDS {bad} outside 0..{settings.shard_count - 1}")
        return ShardedCoachBot(settings, connector=connector, sync_on_start=sync_on_start)
    return CoachBot(settings, connector=connector, sync_on_start=sync_on_start)
