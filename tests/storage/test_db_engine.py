"""The engine's per-backend settings and the retrying transaction runner."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage import migrate
from bot.storage.db import Database, check_sqlite_location, is_transient, run_transaction
from bot.storage.scratch import scratch_database


async def test_sqlite_runs_in_wal_with_busy_timeout_and_foreign_keys(tmp_path: Path) -> None:
    async with scratch_database("sqlite", tmp_path) as db, db.engine.connect() as connection:
        assert (await connection.exec_driver_sql("PRAGMA journal_mode")).scalar() == "wal"
        assert (await connection.exec_driver_sql("PRAGMA foreign_keys")).scalar() == 1
        assert (await connection.exec_driver_sql("PRAGMA busy_timeout")).scalar() == 30_000


async def test_foreign_keys_are_enforced(database: Database) -> None:
    async def orphan(session: AsyncSession) -> None:
        await session.execute(text("INSERT INTO learner_totals (learner_id, community) VALUES (999, 'g')"))

    with pytest.raises(IntegrityError):
        await run_transaction(database.sessions, orphan)


async def test_transient_errors_are_retried_a_bounded_number_of_times(database: Database) -> None:
    calls: list[int] = []

    async def flaky(session: AsyncSession) -> str:
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("UPDATE …", {}, sqlite3.OperationalError("database is locked"))
        return "done"

    assert await run_transaction(database.sessions, flaky) == "done"
    assert len(calls) == 3

    async def always_locked(session: AsyncSession) -> None:
        calls.append(1)
        raise OperationalError("UPDATE …", {}, sqlite3.OperationalError("database is locked"))

    calls.clear()
    with pytest.raises(OperationalError):
        await run_transaction(database.sessions, always_locked, attempts=2)
    assert len(calls) == 2


def test_only_lock_and_deadlock_errors_are_transient() -> None:
    locked = OperationalError("x", {}, sqlite3.OperationalError("database is locked"))
    broken = OperationalError("x", {}, sqlite3.OperationalError("no such table: learners"))
    assert is_transient(locked) and not is_transient(broken) and not is_transient(ValueError("locked"))


def test_a_missing_sqlite_directory_is_reported_clearly(tmp_path: Path) -> None:
    check_sqlite_location(f"sqlite+aiosqlite:///{tmp_path / 'ok.sqlite3'}")
    check_sqlite_location("sqlite+aiosqlite://")
    with pytest.raises(FileNotFoundError, match="does not exist"):
        check_sqlite_location(f"sqlite+aiosqlite:///{tmp_path / 'missing' / 'db.sqlite3'}")


async def test_concurrent_upgrades_of_an_empty_database(backend: str, tmp_path: Path) -> None:
    """Several processes starting at once against a new database: one creates the schema, the rest wait."""
    import asyncio

    async with scratch_database(backend, tmp_path, upgrade=False) as db:
        results = await asyncio.gather(*(migrate.upgrade_to_head(db.url, **db.options) for _ in range(3)))
        assert set(results) == {migrate.head_revision()}
