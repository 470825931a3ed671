"""Throwaway databases for tests and benchmarks: a SQLite file in a directory, or a fresh PostgreSQL schema.

``TEST_DATABASE_URL`` (``postgresql+asyncpg://…``) enables the PostgreSQL backend; each scratch database is a
new schema (selected with ``search_path``) dropped afterwards, which is much faster than a new database.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import text

from bot.storage.db import Database, create_engine, open_database

TEST_URL_VARIABLE = "TEST_DATABASE_URL"


def scratch_backends() -> list[str]:
    """``["sqlite"]``, plus ``"postgresql"`` when ``TEST_DATABASE_URL`` is set."""
    return ["sqlite", "postgresql"] if os.environ.get(TEST_URL_VARIABLE) else ["sqlite"]


def _schema_options(schema: str) -> dict[str, Any]:
    return {"connect_args": {"server_settings": {"search_path": schema}}}


@asynccontextmanager
async def scratch_database(
    backend: str, directory: Path, *, pg_url: str | None = None, upgrade: bool = True, **engine_options: Any
) -> AsyncIterator[Database]:
    """A :class:`Database` on a new, empty store (upgraded to head unless ``upgrade=False``)."""
    if backend == "sqlite":
        url = f"sqlite+aiosqlite:///{directory / f'scratch-{uuid.uuid4().hex[:8]}.sqlite3'}"
        database = await open_database(url, upgrade=upgrade, **engine_options)
        try:
            yield database
        finally:
            await database.dispose()
        return
    url = pg_url or os.environ.get(TEST_URL_VARIABLE)
    if not url:
        raise RuntimeError(f"set {TEST_URL_VARIABLE} to use PostgreSQL")
    schema = f"scratch_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, null_pool=True)
    try:
        async with admin.begin() as connection:
            await connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        database = await open_database(url, upgrade=upgrade, **_schema_options(schema), **engine_options)
        try:
            yield database
        finally:
            await database.dispose()
    finally:
        async with admin.begin() as connection:
            await connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        await admin.dispose()
