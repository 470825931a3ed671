"""Running the bot (``dockcoach run``) and syncing its commands on demand (``dockcoach sync``)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

import aiohttp
import discord

from bot.discord_bot.bot import create_bot
from bot.settings import Settings

log = logging.getLogger(__name__)


class MissingTokenError(Exception):
    """``DISCORD_TOKEN`` is not set."""


class TokenRefusedError(Exception):
    """Discord refused the token."""


class IntentsRefusedError(Exception):
    """Discord refused a privileged intent (Message Content, for explain-on-paste)."""


class CommandsRefusedError(Exception):
    """Discord refused the command payloads of a sync."""


def token_of(settings: Settings) -> str:
    if settings.discord_token is None:
        raise MissingTokenError("DISCORD_TOKEN is not set")
    return settings.discord_token.get_secret_value()


def _stop_on_signals(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(signum, stop.set)


async def serve(
    settings: Settings, *, stop: asyncio.Event | None = None, connector: aiohttp.BaseConnector | None = None
) -> None:
    """Log in, connect (reconnecting on outages) and run until ``stop`` is set or SIGTERM/SIGINT arrives."""
    token = token_of(settings)
    stop = stop or asyncio.Event()
    _stop_on_signals(stop)
    bot = create_bot(settings, connector=connector, sync_on_start=True)
    async with bot:
        runner = asyncio.create_task(bot.start(token, reconnect=True))
        stopper = asyncio.create_task(stop.wait())
        done, _ = await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
        stopper.cancel()
        if runner in done:
            try:
                runner.result()
            except discord.LoginFailure as error:
                raise TokenRefusedError(str(error)) from error
            except discord.PrivilegedIntentsRequired as error:
                raise IntentsRefusedError(str(error)) from error
            return
        log.info("stopping: closing the gateway connection")
        await bot.close()
        with contextlib.suppress(asyncio.CancelledError):
            await runner


async def sync_commands(
    settings: Settings, guild_id: int | None, *, connector: aiohttp.BaseConnector | None = None
) -> list[str]:
    """Sync the command tree globally (``guild_id=None``; can take up to an hour to show) or to one guild."""
    bot = create_bot(settings, connector=connector, sync_on_start=False)
    async with bot:
        try:
            await bot.login(token_of(settings))
        except discord.LoginFailure as error:
            raise TokenRefusedError(str(error)) from error
        guild = discord.Object(id=guild_id) if guild_id is not None else None
        if guild is not None:
            bot.tree.copy_global_to(guild=guild)
        try:
            synced = await bot.tree.sync(guild=guild)
        except discord.HTTPException as error:
            raise CommandsRefusedError(str(error)) from error
        return [command.name for command in synced]
