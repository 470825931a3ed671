"""One engine per process, the session factory injected into services, and a retrying transaction runner.

``DATABASE_URL`` selects the backend: ``sqlite+aiosqlite:///path/file.sqlite3`` (default, see
``Settings.effective_database_url``) or ``postgresql+asyncpg://user@host/db``.

SQLite is tuned for several writers (bot, admin commands, several processes): WAL journal, a busy timeout,
foreign keys on, and every transaction starts with ``BEGIN IMMEDIATE`` so writers queue on the busy timeout
instead of failing with "database is locked" when a read lock cannot be upgraded. ``synchronous=NORMAL`` in
WAL mode never loses a committed transaction when the *process* dies (a commit is in the WAL file, in the OS
cache, before it returns; only an OS crash or power loss may drop the last commits) — our durability target
is a killed bot, and it saves an fsync per commit, which is what a click waits for.

WAL checkpoints: SQLite's automatic checkpoint runs inside the commit that pushes the WAL past
``wal_autocheckpoint`` pages, copying the WAL into the database and fsyncing both — tens of milliseconds
landing on whichever write crossed the line (a learner's click: the quiz's p99). Instead, each process
checkpoints in the background (``PRAGMA wal_checkpoint(PASSIVE)`` every ``CHECKPOINT_INTERVAL`` seconds on its
own pooled connection, i.e. off the event loop; PASSIVE never blocks writers nor readers), and the
automatic checkpoint stays only as a far safety net (``WAL_SAFETY_PAGES``) for processes that do not run the
background task (CLI, migrations) or when it falls behind. Checkpoints move data already committed: they
do not change what survives a crash.
"""

from __future__ import annotations

import asyncio
import logging
import random
import weakref
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
CHECKPOINT_INTERVAL = 1.0  # seconds between background WAL checkpoints
WAL_SAFETY_PAGES = 10_000  # automatic checkpoint (inside a commit) only past ~40 MB of WAL
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
        cursor.execute(f"PRAGMA wal_autocheckpoint = {WAL_SAFETY_PAGES}")
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
    checkpointer: asyncio.Task[None] | None = None

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    async def dispose(self) -> None:
        if self.checkpointer is not None:
            self.checkpointer.cancel()
            await asyncio.gather(self.checkpointer, return_exceptions=True)
            self.checkpointer = None
        held = _HELD.pop(self.engine.sync_engine, None)
        if held is not None:
            await held.close()
        await self.engine.dispose()


class HeldConnection:
    """One connection kept checked out for single autocommit statements on a hot path (a quiz click).

    Checking a connection out of the pool and back in (where the pool resets it with a rollback, one more
    thread hop with aiosqlite) costs more than the statement itself; keeping one open saves both. Statements
    run one at a time (a lock: SQLite has one writer anyway). A failed or cancelled statement drops the
    connection, the next one opens a fresh one. Closed by :meth:`Database.dispose`.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._connection: Any = None  # the AsyncConnection while held
        self._driver: Any = None  # its driver (aiosqlite) connection
        self._lock = asyncio.Lock()

    async def run(self, statement: Callable[[Any], Awaitable[T]]) -> T:
        """``statement(driver_connection)``, outside any transaction (SQLite: autocommit)."""
        async with self._lock:
            if self._connection is None:
                connection = await self._engine.connect()
                try:
                    self._driver = (await connection.get_raw_connection()).driver_connection
                except BaseException:
                    await connection.close()
                    raise
                self._connection = connection
            try:
                return await statement(self._driver)
            except BaseException:
                await self._drop()
                raise

    async def _drop(self) -> None:
        connection, self._connection, self._driver = self._connection, None, None
        if connection is not None:
            await asyncio.shield(connection.close())

    async def close(self) -> None:
        async with self._lock:
            await self._drop()


_HELD: weakref.WeakKeyDictionary[Any, HeldConnection] = weakref.WeakKeyDictionary()


def held_connection(engine: AsyncEngine) -> HeldConnection:
    """The engine's :class:`HeldConnection` (one per engine, closed with its :class:`Database`)."""
    held = _HELD.get(engine.sync_engine)
    if held is None:
        held = _HELD[engine.sync_engine] = HeldConnection(engine)
    return held


def uses_wal_file(url: str) -> bool:
    """A SQLite database in a file (WAL applies), not in memory."""
    if not is_sqlite(url):
        return False
    database = make_url(url).database or ""
    return database not in {"", ":memory:"} and "mode=memory" not in database


async def checkpoint(engine: AsyncEngine) -> tuple[int, int, int]:
    """One PASSIVE checkpoint: (busy, WAL frames, frames copied). Runs in the driver's thread."""
    async with engine.connect() as connection:
        # On the driver connection: outside any transaction (SQLAlchemy would BEGIN IMMEDIATE first, taking
        # the write lock, and a checkpoint cannot run inside a transaction anyway).
        raw = await connection.get_raw_connection()
        cursor = await raw.driver_connection.execute("PRAGMA wal_checkpoint(PASSIVE)")  # type: ignore[union-attr]
        row = await cursor.fetchone()
        await cursor.close()
        return int(row[0]), int(row[1]), int(row[2])


async def checkpoint_forever(engine: AsyncEngine, interval: float = CHECKPOINT_INTERVAL) -> None:
    """Keep the WAL short in the background, so no commit has to checkpoint it (see the module docstring)."""
    while True:
        await asyncio.sleep(interval)
        try:
            await checkpoint(engine)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # a busy database or a disposed engine: try again later
            log.debug("background WAL checkpoint skipped: %s", error)


async def open_database(url: str, *, upgrade: bool = True, **engine_options: Any) -> Database:
    """Upgrade the schema to head (unless ``upgrade=False``) and open the process's engine."""
    check_sqlite_location(url)
    connection_options = {k: v for k, v in engine_options.items() if k == "connect_args"}
    if upgrade:
        from bot.storage.migrate import upgrade_to_head

        await upgrade_to_head(url, **connection_options)
    engine = create_engine(url, **engine_options)
    database = Database(url=url, engine=engine, sessions=session_factory(engine), options=connection_options)
    if uses_wal_file(url):
        database.checkpointer = asyncio.create_task(
            checkpoint_forever(engine, CHECKPOINT_INTERVAL), name="wal-checkpoint"
        )
    return database


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
