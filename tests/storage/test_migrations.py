"""Alembic: an empty database upgrades to head, models and migrations agree, downgrade/upgrade round-trips."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, inspect

from bot.storage import migrate
from bot.storage.db import Database
from bot.storage.models import load_all_models
from bot.storage.scratch import scratch_database

EXPECTED_TABLES = {
    "learners",
    "learner_totals",
    "xp_ledger",
    "weekly_xp",
    "attempts",
    "quiz_results",
    "lesson_completions",
    "community_settings",
    "explain_channels",
}


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


def _drift(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, load_all_models()))


async def test_empty_database_upgrades_to_head(backend: str, tmp_path: Path) -> None:
    async with scratch_database(backend, tmp_path, upgrade=False) as db:
        async with db.engine.connect() as connection:
            assert await connection.run_sync(_tables) == set()
        assert await migrate.upgrade_to_head(db.url, **db.options) == migrate.head_revision()
        async with db.engine.connect() as connection:
            assert EXPECTED_TABLES | {"alembic_version"} <= await connection.run_sync(_tables)
        assert await migrate.current_revision(db.url, **db.options) == migrate.head_revision()


async def test_models_and_migrations_have_no_drift(database: Database) -> None:
    async with database.engine.connect() as connection:
        assert await connection.run_sync(_drift) == []


async def test_downgrade_and_upgrade_round_trip(database: Database) -> None:
    assert await migrate.migrate(database.url, "base", downgrade=True, **database.options) is None
    async with database.engine.connect() as connection:
        assert await connection.run_sync(_tables) <= {"alembic_version"}
    assert await migrate.upgrade_to_head(database.url, **database.options) == migrate.head_revision()
    async with database.engine.connect() as connection:
        assert await connection.run_sync(_tables) >= EXPECTED_TABLES
        assert await connection.run_sync(_drift) == []


async def test_upgrade_at_head_is_a_no_op_and_concurrent_upgrades_agree(database: Database) -> None:
    results = await asyncio.gather(
        *(migrate.upgrade_to_head(database.url, **database.options) for _ in range(4))
    )
    assert set(results) == {migrate.head_revision()}


def test_migrations_are_found_from_any_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    config = migrate.alembic_config()
    assert Path(config.get_main_option("script_location") or "") == migrate.MIGRATIONS_DIR
    assert migrate.head_revision() is not None
