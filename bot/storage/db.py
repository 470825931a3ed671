"""One engine per process, the session factory injected into services, and a retrying transaction runner.

``DATABASE_URL`` selects the backend: ``sqlite+aiosqlite:///path/file.sqlite3`` (default, see
``Settings.effective_database_url``) or ``postgresql+asyncpg://user@host/db``.

SQLite is tuned for several writers (bot, admin commands, several processes): WAL journal, a busy timeout,
foreign keys on, and every transaction starts with ``BEGIN IMMEDIATE`` so writers queue on the busy timeout
instead of failing with "database is locked" when a read lock cannot be upgraded. ``synchronous=NORMAL`` in
WAL mode never loses a committed transaction when the *process* dies (only on power loss).
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import NullPool

log = logging.getLogger(__name__)

T = TypeVar("T")

SQLITE_BUSY_TIMEOUT_MS = 30_000
READ_ONLY_OPTION = "dockcoach_read_only"
TRANSIENT_PG_CODES = frozenset({"40001", "40P01", "55P03"})  # serialization failure, deadlock, lock timeout


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def check_sqlite_location(url: str) -> None:
    """Fail early and clearly when a SQLite file's directory does not exist (SQLite would not create it)."""
    if not is_sqlite(url):
        return
    database = make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        directory = Path(database).expanduser().resolve().parent
        if not directory.is_dir():
            raise FileNotFoundError(f"the directory of the SQLite database does not exist: {directory}")


def _use_wal(cursor: Any) -> None:
    """Switch the file to WAL (persistent). Switching needs the file to itself and does not wait on the busy
    timeout: when another connection holds it (several processes opening a new file at once), keep going in
    the rollback journal — still correct — and let a later connection switch."""
    cursor.execute("PRAGMA journal_mode")
    if str(cursor.fetchone()[0]).lower() in {"wal", "memory"}:
        return
    try:
        cursor.execute("PRAGMA journal_mode = WAL")
    except Exception as error:  # the driver's OperationalError
        if "locked" not in str(error).lower():
            raise
        log.debug("journal mode not switched to WAL yet (database busy)")


def _configure_sqlite(engine: AsyncEngine, *, foreign_keys: bool) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let us emit BEGIN ourselves (the driver's implicit deferred BEGIN is what causes lock errors).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        _use_wal(cursor)
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Read-only transactions stay deferred: in WAL mode they never wait for writers.
        read_only = connection.get_execution_options().get(READ_ONLY_OPTION, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def create_engine(
    url: str, *, foreign_keys: bool = True, null_pool: bool = False, **kwargs: Any
) -> AsyncEngine:
    """An async engine for ``url`` with the per-backend settings above.

    ``foreign_keys=False`` is only for migrations (SQLite batch mode recreates tables).
    """
    options: dict[str, Any] = {"pool_pre_ping": False, **kwargs}
    if null_pool:
        options["poolclass"] = NullPool
    if is_sqlite(url):
        options.setdefault("connect_args", {})["timeout"] = SQLITE_BUSY_TIMEOUT_MS / 1000
        engine = create_async_engine(url, **options)
        _configure_sqlite(engine, foreign_keys=foreign_keys)
        return engine
    if not null_pool:
        options.setdefault("pool_size", 10)
        options.setdefault("max_overflow", 20)
    return create_async_engine(url, **options)


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


@dataclass(slots=True)
class Database:
    """The process's engine and session factory. Create it with :func:`open_database`."""

    url: str
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    options: dict[str, Any] = field(default_factory=dict)  # connection options migrations must reuse

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    async def dispose(self) -> None:
        await self.engine.dispose()


async def open_database(url: str, *, upgrade: bool = True, **engine_options: Any) -> Database:
    """Upgrade the schema to head (unless ``upgrade=False``) and open the process's engine."""
    check_sqlite_location(url)
    connection_options = {k: v for k, v in engine_options.items() if k == "connect_args"}
    if upgrade:
        from bot.storage.migrate import upgrade_to_head

        await upgrade_to_head(url, **connection_options)
    engine = create_engine(url, **engine_options)
    return Database(url=url, engine=engine, sessions=session_factory(engine), options=connection_options)


def is_transient(error: BaseException) -> bool:
    """Errors that a retry of the whole transaction may fix (lock contention, deadlocks)."""
    if not isinstance(error, DBAPIError):
        return False
    orig = error.orig
    code = getattr(orig, "pgcode", None) or getattr(orig, "sqlstate", None)
    if code in TRANSIENT_PG_CODES:
        return True
    text = str(orig).lower()
    return "database is locked" in text or "database table is locked" in text or "deadlock" in text


async def run_transaction(
    sessions: async_sessionmaker[AsyncSession],
    work: Callable[[AsyncSession], Awaitable[T]],
    *,
    attempts: int = 6,
    read_only: bool = False,
) -> T:
    """Run ``work`` in one transaction (committed when it returns), retrying transient lock errors.

    The retry is bounded and safe because a failed transaction is rolled back as a whole. ``read_only``
    transactions start with a plain (deferred) ``BEGIN`` on SQLite instead of ``BEGIN IMMEDIATE``.
    """
    for attempt in range(1, attempts + 1):
        try:
            async with sessions() as session, session.begin():
                if read_only:
                    await session.connection(execution_options={READ_ONLY_OPTION: True})
                return await work(session)
        except DBAPIError as error:
            if attempt == attempts or not is_transient(error):
                raise
            delay = min(0.05 * 2**attempt, 1.0) * (0.5 + random.random())  # jitter only
            log.warning("transient database error (attempt %s/%s), retrying: %s", attempt, attempts, error)
            await asyncio.sleep(delay)
    raise AssertionError("unreachable")
