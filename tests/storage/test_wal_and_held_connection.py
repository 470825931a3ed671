"""SQLite WAL checkpoints off the hot path, and the held connection used for a quiz click's write."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.storage import db as dbmod
from bot.storage.db import Database, checkpoint, checkpoint_forever, held_connection, uses_wal_file
from bot.storage.scratch import scratch_database


async def _write_rows(database: Database, rows: int) -> None:
    async with database.engine.begin() as connection:
        await connection.execute(
            text("CREATE TABLE IF NOT EXISTS filler (id INTEGER PRIMARY KEY, body TEXT)")
        )
        for n in range(rows):
            await connection.execute(
                text("INSERT INTO filler (body) VALUES (:b)"), {"b": "x" * 2000 + str(n)}
            )


async def test_commits_do_not_checkpoint_before_the_safety_net(tmp_path: Path) -> None:
    async with scratch_database("sqlite", tmp_path) as database, database.engine.connect() as connection:
        pages = (await connection.exec_driver_sql("PRAGMA wal_autocheckpoint")).scalar()
        assert pages == dbmod.WAL_SAFETY_PAGES > 1000  # SQLite's default (1000) would checkpoint in a commit


async def test_open_database_starts_a_background_checkpointer_and_dispose_stops_it(tmp_path: Path) -> None:
    async with scratch_database("sqlite", tmp_path) as database:
        task = database.checkpointer
        assert task is not None and not task.done()
    assert task.done() and database.checkpointer is None


async def test_a_checkpoint_copies_the_committed_wal_into_the_database(tmp_path: Path) -> None:
    async with scratch_database("sqlite", tmp_path) as database:
        await _write_rows(database, 50)
        busy, frames, copied = await checkpoint(database.engine)
        assert busy == 0 and frames > 0 and copied == frames
        assert await checkpoint(database.engine) == (0, frames, frames)  # nothing new to copy


async def test_the_background_task_keeps_checkpointing(tmp_path: Path) -> None:
    async with scratch_database("sqlite", tmp_path) as database:
        loop = asyncio.create_task(checkpoint_forever(database.engine, interval=0.01))
        try:
            await _write_rows(database, 50)
            for _ in range(200):  # the task copies the frames without anyone asking
                await asyncio.sleep(0.01)
                async with database.engine.connect() as connection:
                    raw = await connection.get_raw_connection()
                    cursor = await raw.driver_connection.execute("PRAGMA wal_checkpoint(PASSIVE)")  # type: ignore[union-attr]
                    _, frames, copied = await cursor.fetchone()
                if frames == copied:
                    break
            assert frames == copied
        finally:
            loop.cancel()
            await asyncio.gather(loop, return_exceptions=True)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite+aiosqlite:////data/dockcoach.sqlite3", True),
        ("sqlite+aiosqlite://", False),
        ("sqlite+aiosqlite:///:memory:", False),
        ("postgresql+asyncpg://u@h/db", False),
    ],
)
def test_only_sqlite_files_have_a_wal(url: str, expected: bool) -> None:
    assert uses_wal_file(url) is expected


async def test_the_held_connection_is_reused_autocommits_and_closes_with_the_database(tmp_path: Path) -> None:
    async with scratch_database("sqlite", tmp_path) as database:
        held = held_connection(database.engine)
        assert held_connection(database.engine) is held
        await held.run(lambda driver: driver.execute("CREATE TABLE t (n INTEGER)"))
        ids = set()
        for n in range(3):
            await held.run(lambda driver, n=n: driver.execute("INSERT INTO t VALUES (?)", (n,)))
            ids.add(id(held._driver))
        assert len(ids) == 1  # the same connection each time
        async with database.engine.connect() as connection:  # committed: visible to another connection
            assert (await connection.exec_driver_sql("SELECT count(*) FROM t")).scalar() == 3
    assert held._connection is None  # closed by dispose
    assert dbmod._HELD.get(database.engine.sync_engine) is None


async def test_a_failed_statement_drops_the_held_connection(tmp_path: Path) -> None:
    async with scratch_database("sqlite", tmp_path) as database:
        held = held_connection(database.engine)
        await held.run(lambda driver: driver.execute("SELECT 1"))
        with pytest.raises(Exception, match="no such table"):
            await held.run(lambda driver: driver.execute("UPDATE missing SET n = 1"))
        assert held._connection is None
        cursor = await held.run(lambda driver: driver.execute("SELECT 2"))  # a fresh one next time
        assert held._connection is not None and cursor is not None
