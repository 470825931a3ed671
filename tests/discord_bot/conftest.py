"""Fixtures: a fresh fake Discord and a real discord.py bot per test, failing on any logged error.

``bot_runner.start()`` builds the bot from settings pointed at the fake (``DISCORD_API_BASE``,
``DISCORD_GATEWAY_URL``), logs in, connects the gateway and waits for ``on_ready``; ``restart()`` closes it
and starts a new one on the same database (buttons sent before must keep working).
"""

from __future__ import annotations

import asyncio
import logging
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from discord_harness import BotRunner, ErrorCollector, _cancel_leftover_tasks
from fake_discord import FakeDiscord

from bot.settings import Settings
from bot.storage.migrate import upgrade_to_head


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
