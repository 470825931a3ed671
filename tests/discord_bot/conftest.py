"""Fixtures: a fresh fake Discord and a real discord.py bot per test, failing on any logged error.

``bot_runner.start()`` builds the bot from settings pointed at the fake (``DISCORD_API_BASE``,
``DISCORD_GATEWAY_URL``), logs in, connects the gateway and waits for ``on_ready``; ``restart()`` closes it
and starts a new one on the same database (buttons sent before must keep working).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import discord
import pytest
from fake_discord import FakeDiscord

from bot.discord_bot.bot import create_bot
from bot.discord_bot.network import loopback_connector
from bot.settings import Settings
from bot.storage.migrate import upgrade_to_head


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


@pytest.fixture(scope="session")
def template_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite file, copied for each test (migrating per test would dominate the suite)."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    asyncio.run(upgrade_to_head(f"sqlite+aiosqlite:///{path}"))
    return path


@pytest.fixture
def errors() -> Iterator[ErrorCollector]:
    collector = ErrorCollector()
    loggers = [logging.getLogger("discord"), logging.getLogger("bot")]
    for logger in loggers:
        logger.addHandler(collector)
    yield collector
    for logger in loggers:
        logger.removeHandler(collector)


@pytest.fixture
async def fake(errors: ErrorCollector) -> AsyncIterator[FakeDiscord]:
    loop = asyncio.get_running_loop()
    loop_errors: list[dict[str, Any]] = []
    loop.set_exception_handler(lambda _loop, context: loop_errors.append(context))
    server = await FakeDiscord().start()
    yield server
    await server.close()
    stragglers = await _cancel_leftover_tasks()
    assert stragglers == [], f"tasks that ignore cancellation (they would hang the test run): {stragglers}"
    assert server.unknown_routes == [], (
        f"the bot called routes Discord does not have: {server.unknown_routes}"
    )
    assert server.problems == [], "Discord would have refused:\n" + "\n".join(server.problems)
    unanswered = [(i.id, i.payload["data"]) for i in server.unanswered()]
    assert unanswered == [], f"interactions never answered (Discord shows 'interaction failed'): {unanswered}"
    assert errors.describe() == [], "errors were logged"
    assert loop_errors == [], f"unhandled errors in the event loop: {loop_errors}"


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


@pytest.fixture
def settings(fake: FakeDiscord, tmp_path: Path, template_database: Path) -> Settings:
    database = tmp_path / "dockcoach.sqlite3"
    shutil.copy(template_database, database)
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        discord_token=fake.token,
        database_url=f"sqlite+aiosqlite:///{database}",
        data_dir=tmp_path,
        discord_api_base=fake.api_base,
        discord_gateway_url=fake.gateway_url,
        dev_guild_id=fake.guild_id,
        guild_ready_timeout=0.05,
        explain_on_paste=True,
    )


@pytest.fixture
async def runner(fake: FakeDiscord, settings: Settings) -> AsyncIterator[BotRunner]:
    bot_runner = BotRunner(fake, settings)
    yield bot_runner
    if bot_runner.bot is not None:
        bot_runner.assert_connected()
    await bot_runner.stop()


@pytest.fixture
async def bot(runner: BotRunner) -> Any:
    return await runner.start()
