"""What the Discord benchmarks share: the real bot logged in to the loopback fake Discord, and percentiles.

Imported by `bench/discord_latency.py` and `bench/live.py` (run as scripts, so this folder is on sys.path).
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "discord_bot"))
sys.path.insert(0, str(ROOT))

from fake_discord import FakeDiscord  # noqa: E402

from bot.discord_bot.bot import create_bot  # noqa: E402
from bot.discord_bot.network import loopback_connector  # noqa: E402
from bot.settings import Settings  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


@asynccontextmanager
async def running_bot(database_url: str | None) -> AsyncIterator[tuple[FakeDiscord, Any]]:
    """A fresh fake Discord (lateness measured, not refused) and the real bot, ready; both closed after.

    The database is ``database_url``, or a fresh SQLite file in a temporary folder.
    """
    fake = await FakeDiscord(deadline=30).start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(
                _env_file=None,  # type: ignore[call-arg]
                discord_token=fake.token,
                database_url=database_url or f"sqlite+aiosqlite:///{tmp}/bench.sqlite3",
                discord_api_base=fake.api_base,
                discord_gateway_url=fake.gateway_url,
                dev_guild_id=fake.guild_id,
                guild_ready_timeout=0.05,
            )
            bot = create_bot(settings, connector=loopback_connector())
            await bot.login(fake.token)
            task = asyncio.create_task(bot.connect(reconnect=False))
            try:
                await asyncio.wait_for(bot.wait_until_ready(), 10)
                yield fake, bot
            finally:
                await bot.close()
                await asyncio.gather(task, return_exceptions=True)
    finally:
        await fake.close()
