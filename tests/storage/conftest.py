"""Storage fixtures: every test runs on a fresh SQLite file, and on a fresh PostgreSQL schema when
``TEST_DATABASE_URL`` is set (``.ci/run`` starts a throwaway PostgreSQL and sets it)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.storage.db import Database
from bot.storage.scratch import scratch_backends, scratch_database


@pytest.fixture(params=scratch_backends())
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def database(backend: str, tmp_path: Path) -> AsyncIterator[Database]:
    async with scratch_database(backend, tmp_path) as db:
        yield db
