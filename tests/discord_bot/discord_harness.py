"""Helpers shared by the Discord end-to-end tests (a module, not conftest: several conftest.py files exist
in the test tree, so ``from conftest import ...`` would depend on collection order)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import discord
from fake_discord import FakeDiscord
from fake_payloads import FakeUser

from bot.discord_bot.bot import create_bot
from bot.discord_bot.network import loopback_connector
from bot.settings import Settings


class ErrorCollector(logging.Handler):
    """Keeps every ERROR logged by discord.py or the bot (errors in views and commands are only logged)."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def describe(self) -> list[str]:
        described = []
        for record in self.records:
            text = f"{record.name}: {record.getMessage()}"
            if record.exc_info and record.exc_info[1] is not None:
                text += f" ({record.exc_info[1]!r})"
            described.append(text)
        return described


async def _cancel_leftover_tasks(timeout: float = 5.0) -> list[str]:
    """Cancel what the test left running; the ones still alive after ``timeout`` (instead of a hang)."""
    leftovers = [t for t in asyncio.all_tasks() if t is not asyncio.current_task() and not t.done()]
    for task in leftovers:
        task.cancel()
    if not leftovers:
        return []
    _, alive = await asyncio.wait(leftovers, timeout=timeout)
    return [repr(task) for task in alive]


class BotRunner:
    def __init__(self, fake: FakeDiscord, settings: Settings) -> None:
        self.fake = fake
        self.settings = settings
        self.bot: Any = None
        self.task: asyncio.Task[None] | None = None

    async def start(self, **overrides: Any) -> Any:
        if overrides:
            self.settings = self.settings.model_copy(update=overrides)
        bot = create_bot(self.settings, connector=loopback_connector())
        await bot.login(self.settings.discord_token.get_secret_value())  # type: ignore[union-attr]
        self.task = asyncio.create_task(bot.connect(reconnect=False))
        ready = asyncio.create_task(bot.wait_until_ready())
        done, _ = await asyncio.wait({ready, self.task}, timeout=5, return_when=asyncio.FIRST_COMPLETED)
        if self.task in done:
            ready.cancel()
            self.task.result()  # raises the connection error
            raise AssertionError("the gateway connection ended before READY")
        if ready not in done:
            ready.cancel()
            raise AssertionError("the bot did not become ready within 5 s")
        self.bot = bot
        return bot

    async def stop(self) -> None:
        if self.bot is None:
            return
        await self.bot.close()
        if self.task is not None:
            with contextlib.suppress(discord.ConnectionClosed, asyncio.CancelledError):
                await asyncio.wait_for(self.task, 5)
        self.bot, self.task = None, None

    async def restart(self, **overrides: Any) -> Any:
        await self.stop()
        return await self.start(**overrides)

    def assert_connected(self) -> None:
        assert self.task is not None
        if self.task.done():
            raise AssertionError(f"the gateway connection ended: {self.task.exception()!r}")


async def start_quiz(fake: FakeDiscord, user: FakeUser, **options: Any) -> dict[str, Any]:
    """Start ``/quiz`` as ``user``; the quiz message (first question and its buttons)."""
    interaction = await fake.slash("quiz", options, user=user)
    response = await fake.response(interaction)
    assert response["type"] == 4, response
    return fake.original(interaction)
