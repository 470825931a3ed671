"""The clock live quizzes run on: real time in production, a manual clock in tests.

Kept apart from the cog module because discord.py loads extensions as fresh module objects: tests replace
``CLOCK`` here before the bot starts.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime
from typing import Protocol


class LiveClock(Protocol):
    def now(self) -> datetime: ...

    async def sleep_until(self, deadline: datetime, wake: asyncio.Event) -> None:
        """Return at ``deadline`` or as soon as ``wake`` is set, whichever comes first."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    async def sleep_until(self, deadline: datetime, wake: asyncio.Event) -> None:
        delay = (deadline - self.now()).total_seconds()
        if delay > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), delay)


CLOCK: LiveClock = SystemClock()  # the clock new live cogs use
