"""Programmatic Alembic: upgrade a database to head (the bot does it at start; ``dockcoach db upgrade`` too).

The migration scripts live in ``migrations/`` at the project root (configured by ``[tool.alembic]`` in
``pyproject.toml``); they are located relative to this file, so this works from any working directory.
Concurrent upgrades (several processes starting at once) are serialized: SQLite by ``BEGIN IMMEDIATE``,
PostgreSQL by a transaction-level advisory lock.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text

from bot.storage.db import check_sqlite_location, create_engine

log = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS_DIR = PROJECT_ROOT / "migrations"
PYPROJECT = PROJECT_ROOT / "pyproject.toml"
PG_MIGRATION_LOCK = 0x646F636B  # "dock": any constant shared by every dockcoach process


class MigrationsNotFoundError(RuntimeError):
    pass


def alembic_config() -> Config:
    """Alembic's configuration, with the script location made absolute."""
    if not (MIGRATIONS_DIR / "env.py").is_file():
        raise MigrationsNotFoundError(f"Alembic migrations not found in {MIGRATIONS_DIR}")
    config = Config(toml_file=str(PYPROJECT)) if PYPROJECT.is_file() else Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _run(connection: Connection, config: Config, revision: str, downgrade: bool) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_MIGRATION_LOCK})
    config.attributes["connection"] = connection
    if downgrade:
        command.downgrade(config, revision)
    else:
        command.upgrade(config, revision)


def _current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def current_revision(url: str, **engine_options: Any) -> str | None:
    check_sqlite_location(url)
    engine = create_engine(url, null_pool=True, **engine_options)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_current)
    finally:
        await engine.dispose()


async def migrate(
    url: str, revision: str = "head", *, downgrade: bool = False, **engine_options: Any
) -> str | None:
    """Upgrade (or downgrade) the database at ``url`` to ``revision``; returns the revision reached.

    ``engine_options`` go to :func:`bot.storage.db.create_engine` (e.g. ``connect_args``).
    """
    config = alembic_config()
    check_sqlite_location(url)
    engine = create_engine(url, foreign_keys=False, null_pool=True, **engine_options)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(_run, config, revision, downgrade)
            reached = await connection.run_sync(_current)
    finally:
        await engine.dispose()
    log.info("database at revision %s", reached)
    return reached


async def upgrade_to_head(url: str, **engine_options: Any) -> str | None:
    """Bring the schema at ``url`` to the latest revision (cheap when it is already there)."""
    return await migrate(url, "head", **engine_options)
