"""Benchmark the XP storage: awards per second and leaderboard query time, each next to a bare baseline.

    .venv/bin/python bench/xp.py [--awards 1000] [--learners 100000] [--ledger 1000000] [--pg-url URL]

* Awards/s through ``ProgressService.award`` (one transaction: ledger insert, atomic totals update, weekly
  rollup) with 1 writer and with 8 concurrent writers (8 tasks, separate sessions, one engine), next to the
  baseline of a bare ``UPDATE counter SET n = n + 1`` committed one at a time (stdlib sqlite3 threads /
  asyncpg connections).
* Leaderboard query time through ``LeaderboardService`` (top 10 + the caller's rank, all-time and weekly)
  with ``--learners`` learners and ``--ledger`` ledger rows bulk-loaded (sqlite3 ``executemany`` / asyncpg
  ``COPY``), next to the bare ``SELECT … ORDER BY xp DESC LIMIT 10`` on the same index, and to a weekly
  board computed from the ledger without the rollup table.

PostgreSQL runs when ``--pg-url`` or ``TEST_DATABASE_URL`` is set (a scratch schema, dropped afterwards).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import text

from bot.core.leaderboard import Period, week_start, week_start_instant
from bot.core.learners import LearnerKey
from bot.services.leaderboard import LeaderboardService
from bot.services.progress import ProgressService
from bot.storage.db import Database
from bot.storage.scratch import scratch_database

COMMUNITY = "bench"
NOW = datetime(2024, 6, 12, 12, 0, tzinfo=UTC)  # a Wednesday
UTC_ZONE = ZoneInfo("UTC")
SQLITE_TIME = "%Y-%m-%d %H:%M:%S.%f"
CHUNK = 50_000


@dataclass(frozen=True, slots=True)
class Figure:
    backend: str
    what: str
    value: float
    unit: str
    baseline: float | None = None
    baseline_what: str = ""

    def line(self) -> str:
        base = (
            f"{self.baseline:>12,.1f} {self.unit}  ({self.baseline_what})"
            if self.baseline is not None
            else ""
        )
        return f"{self.backend:<10} {self.what:<44} {self.value:>12,.1f} {self.unit:<9} {base}"


# ---------------------------------------------------------------- awards


async def awards_per_second(db: Database, writers: int, total: int) -> float:
    progress = ProgressService(db.sessions)
    learners = [LearnerKey(f"awards-{writers}", f"u{n}") for n in range(64)]
    for learner in learners:  # create the learners first: the figure is the steady state
        await progress.award(learner, amount=1, reason="warm-up", source_key="warm-up", at=NOW)
    per_writer = max(total // writers, 1)

    async def writer(w: int) -> None:
        for i in range(per_writer):
            learner = learners[(w * per_writer + i) % len(learners)]
            await progress.award(learner, amount=10, reason="bench", source_key=f"{w}:{i}", at=NOW)

    started = time.perf_counter()
    await asyncio.gather(*(writer(w) for w in range(writers)))
    return per_writer * writers / (time.perf_counter() - started)


def sqlite_counter_per_second(directory: Path, writers: int, total: int) -> float:
    path = directory / f"counter-{writers}.sqlite3"
    setup = sqlite3.connect(path, isolation_level=None)
    setup.execute("PRAGMA journal_mode = WAL")
    setup.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
    setup.execute("INSERT INTO counter VALUES (1, 0)")
    setup.close()
    per_writer = max(total // writers, 1)

    def work() -> None:
        connection = sqlite3.connect(path, isolation_level=None, timeout=30)
        connection.execute("PRAGMA synchronous = NORMAL")
        for _ in range(per_writer):
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("UPDATE counter SET n = n + 1 WHERE id = 1")
            connection.execute("COMMIT")
        connection.close()

    threads = [threading.Thread(target=work) for _ in range(writers)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    check = sqlite3.connect(path)
    assert check.execute("SELECT n FROM counter").fetchone()[0] == per_writer * writers
    check.close()
    return per_writer * writers / elapsed


def _pg_dsn(db: Database) -> tuple[str, str]:
    url = db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    schema = db.options["connect_args"]["server_settings"]["search_path"]
    return url, schema


async def pg_counter_per_second(db: Database, writers: int, total: int) -> float:
    import asyncpg

    dsn, schema = _pg_dsn(db)
    settings = {"search_path": schema}
    setup = await asyncpg.connect(dsn, server_settings=settings)
    await setup.execute(f"DROP TABLE IF EXISTS counter_{writers}")
    await setup.execute(f"CREATE TABLE counter_{writers} (id INT PRIMARY KEY, n BIGINT NOT NULL)")
    await setup.execute(f"INSERT INTO counter_{writers} VALUES (1, 0)")
    connections = [await asyncpg.connect(dsn, server_settings=settings) for _ in range(writers)]
    per_writer = max(total // writers, 1)

    async def work(connection: asyncpg.Connection) -> None:
        for _ in range(per_writer):
            await connection.execute(f"UPDATE counter_{writers} SET n = n + 1 WHERE id = 1")

    started = time.perf_counter()
    await asyncio.gather(*(work(connection) for connection in connections))
    elapsed = time.perf_counter() - started
    assert await setup.fetchval(f"SELECT n FROM counter_{writers}") == per_writer * writers
    for connection in [*connections, setup]:
        await connection.close()
    return per_writer * writers / elapsed


async def bench_awards(backend: str, db: Database, directory: Path, total: int) -> list[Figure]:
    figures = []
    for writers in (1, 8):
        rate = await awards_per_second(db, writers, total)
        if backend == "sqlite":
            base = await asyncio.to_thread(sqlite_counter_per_second, directory, writers, total)
            base_what = "bare sqlite3 UPDATE counter"
        else:
            base = await pg_counter_per_second(db, writers, total)
            base_what = "bare asyncpg UPDATE counter"
        figures.append(Figure(backend, f"awards/s, {writers} writer(s)", rate, "/s", base, base_what))
        print(figures[-1].line(), flush=True)
    return figures


# ---------------------------------------------------------------- leaderboard data


@dataclass(slots=True)
class Dataset:
    learners: int
    ledger: int
    totals: dict[int, list]  # learner_id -> [xp, reached_at]
    weekly: dict[tuple[int, date], list]  # (learner_id, monday) -> [xp, reached_at]


def ledger_rows(learners: int, rows: int, rng: random.Random) -> Iterator[tuple[int, int, str, datetime]]:
    """(learner_id, amount, source_key, at): ~rows entries over the last 4 weeks, skewed learners."""
    horizon = int(timedelta(days=28).total_seconds())
    for n in range(rows):
        learner_id = (
            1 + min(int(rng.paretovariate(1.2)) - 1, learners - 1) if n % 3 == 0 else rng.randint(1, learners)
        )
        at = NOW - timedelta(seconds=rng.randrange(horizon), microseconds=rng.randrange(1_000_000))
        yield learner_id, rng.choice((10, 20, 30)), f"bench:{n}", at


def fold(dataset: Dataset, learner_id: int, amount: int, at: datetime) -> None:
    total = dataset.totals.setdefault(learner_id, [0, at])
    total[0] += amount
    total[1] = max(total[1], at)
    day = at.date()  # the bench community keeps the default time zone, UTC
    week = dataset.weekly.setdefault((learner_id, day - timedelta(days=day.weekday())), [0, at])
    week[0] += amount
    week[1] = max(week[1], at)


def _chunks(iterator: Iterator[tuple], size: int) -> Iterator[list[tuple]]:
    chunk: list[tuple] = []
    for item in iterator:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


BULK_TABLES = ("xp_ledger", "weekly_xp", "learner_totals")


def load_sqlite(path: str, learners: int, rows: int) -> Dataset:
    """Bulk load with the secondary indexes dropped, then rebuilt (as one restores a dump)."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA synchronous = OFF")
    marks = ", ".join("?" * len(BULK_TABLES))
    indexes = connection.execute(
        "SELECT name, sql FROM sqlite_master "
        f"WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({marks})",
        BULK_TABLES,
    ).fetchall()
    connection.execute("BEGIN")
    for name, _sql in indexes:
        connection.execute(f'DROP INDEX "{name}"')
    created = NOW.strftime(SQLITE_TIME)
    connection.executemany(
        "INSERT INTO learners (id, community, user_id, display_name, created_at) VALUES (?, ?, ?, ?, ?)",
        ((n, COMMUNITY, str(n), f"learner {n}", created) for n in range(1, learners + 1)),
    )
    dataset = Dataset(learners, rows, {}, {})
    for chunk in _chunks(ledger_rows(learners, rows, random.Random(7)), CHUNK):
        for learner_id, amount, _key, at in chunk:
            fold(dataset, learner_id, amount, at)
        connection.executemany(
            "INSERT INTO xp_ledger (learner_id, community, amount, reason, source_key, at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                (lid, COMMUNITY, amount, "bench", key, at.strftime(SQLITE_TIME))
                for lid, amount, key, at in chunk
            ),
        )
    connection.executemany(
        "INSERT INTO learner_totals (learner_id, community, xp, level, streak, best_streak, xp_reached_at) "
        "VALUES (?, ?, ?, 0, 0, 0, ?)",
        (
            (n, COMMUNITY, *(dataset.totals[n][0], dataset.totals[n][1].strftime(SQLITE_TIME)))
            if n in dataset.totals
            else (n, COMMUNITY, 0, None)
            for n in range(1, learners + 1)
        ),
    )
    connection.executemany(
        "INSERT INTO weekly_xp (learner_id, week_start, community, xp, reached_at) VALUES (?, ?, ?, ?, ?)",
        (
            (lid, week.isoformat(), COMMUNITY, xp, at.strftime(SQLITE_TIME))
            for (lid, week), (xp, at) in dataset.weekly.items()
        ),
    )
    for _name, sql in indexes:
        connection.execute(sql)
    connection.execute("COMMIT")
    connection.execute("ANALYZE")
    connection.close()
    return dataset


async def load_postgres(db: Database, learners: int, rows: int) -> Dataset:
    import asyncpg

    dsn, schema = _pg_dsn(db)
    connection = await asyncpg.connect(dsn, server_settings={"search_path": schema})
    try:
        indexes = await connection.fetch(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i "
            "WHERE i.schemaname = $1 AND i.tablename = ANY($2) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
            schema,
            list(BULK_TABLES),
        )
        for index in indexes:
            await connection.execute(f'DROP INDEX "{index["indexname"]}"')
        await connection.copy_records_to_table(
            "learners",
            records=[(n, COMMUNITY, str(n), f"learner {n}", NOW) for n in range(1, learners + 1)],
            columns=["id", "community", "user_id", "display_name", "created_at"],
        )
        dataset = Dataset(learners, rows, {}, {})
        for chunk in _chunks(ledger_rows(learners, rows, random.Random(7)), CHUNK):
            for learner_id, amount, _key, at in chunk:
                fold(dataset, learner_id, amount, at)
            await connection.copy_records_to_table(
                "xp_ledger",
                records=[(lid, COMMUNITY, amount, "bench", key, at) for lid, amount, key, at in chunk],
                columns=["learner_id", "community", "amount", "reason", "source_key", "at"],
            )
        totals = [
            (n, COMMUNITY, *(dataset.totals.get(n) or (0, None)), 0, 0, 0) for n in range(1, learners + 1)
        ]
        await connection.copy_records_to_table(
            "learner_totals",
            records=totals,
            columns=["learner_id", "community", "xp", "xp_reached_at", "level", "streak", "best_streak"],
        )
        await connection.copy_records_to_table(
            "weekly_xp",
            records=[(lid, week, COMMUNITY, xp, at) for (lid, week), (xp, at) in dataset.weekly.items()],
            columns=["learner_id", "week_start", "community", "xp", "reached_at"],
        )
        await connection.execute("SELECT setval(pg_get_serial_sequence('learners', 'id'), $1)", learners)
        for index in indexes:
            await connection.execute(index["indexdef"])
        await connection.execute("VACUUM ANALYZE")  # what autovacuum does soon after a bulk load
    finally:
        await connection.close()
    return dataset


# ---------------------------------------------------------------- leaderboard queries


async def timed(action: Callable[[], Awaitable[object]], repeat: int) -> float:
    """Median milliseconds of ``repeat`` runs (after one warm-up)."""
    await action()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        await action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def expected_board(dataset: Dataset, period: Period) -> list[tuple[int, int]]:
    if period is Period.ALL:
        items = [(lid, xp, at) for lid, (xp, at) in dataset.totals.items()]
    else:
        monday = week_start(NOW, UTC_ZONE)
        items = [(lid, xp, at) for (lid, week), (xp, at) in dataset.weekly.items() if week == monday]
    items.sort(key=lambda item: (-item[1], item[2], item[0]))
    return [(lid, xp) for lid, xp, _at in items[:10]]


def median_learner(dataset: Dataset, period: Period) -> str:
    """A caller in the middle of the period's board (far outside the top 10)."""
    monday = week_start(NOW, UTC_ZONE)
    if period is Period.ALL:
        scores = sorted((xp, lid) for lid, (xp, _at) in dataset.totals.items())
    else:
        scores = sorted((xp, lid) for (lid, week), (xp, _at) in dataset.weekly.items() if week == monday)
    return str(scores[len(scores) // 2][1])


async def bench_leaderboard(backend: str, db: Database, dataset: Dataset, repeat: int) -> list[Figure]:
    service = LeaderboardService(db.sessions)
    figures = []
    for period in (Period.ALL, Period.WEEK):
        caller = median_learner(dataset, period)
        board = await service.leaderboard(COMMUNITY, period=period, now=NOW, caller=caller, count_ranked=True)
        assert [(int(e.user), e.xp) for e in board.entries] == expected_board(dataset, period), "wrong board"
        assert board.caller is not None and board.caller.user == caller
        ms = await timed(
            lambda p=period, c=caller: service.leaderboard(COMMUNITY, period=p, now=NOW, caller=c), repeat
        )
        base = await timed(lambda p=period: bare_top(db, p), repeat)
        top_only = await timed(lambda p=period: service.leaderboard(COMMUNITY, period=p, now=NOW), repeat)
        what = f"leaderboard {period.value}: top 10 only"
        figures.append(Figure(backend, what, top_only, "ms", base, "bare SELECT top 10 on the index"))
        print(figures[-1].line(), flush=True)
        what = f"leaderboard {period.value}: top 10 + caller at rank {board.caller.rank:,}"
        figures.append(Figure(backend, what, ms, "ms"))
        print(figures[-1].line(), flush=True)
        counted = await timed(
            lambda p=period, c=caller: service.leaderboard(
                COMMUNITY, period=p, now=NOW, caller=c, count_ranked=True
            ),
            repeat,
        )
        figures.append(Figure(backend, f"  same + count of the {board.ranked:,} ranked", counted, "ms"))
        print(figures[-1].line(), flush=True)
    from_ledger = await timed(lambda: weekly_from_ledger(db), max(3, repeat // 4))
    figures.append(Figure(backend, "weekly top 10 summed from the ledger (no rollup)", from_ledger, "ms"))
    print(figures[-1].line(), flush=True)
    return figures


async def bare_top(db: Database, period: Period) -> list:
    if period is Period.ALL:
        sql = (
            "SELECT learner_id, xp FROM learner_totals WHERE community = :c AND xp > 0 "
            "ORDER BY xp DESC, xp_reached_at, learner_id LIMIT 10"
        )
        params: dict[str, object] = {"c": COMMUNITY}
    else:
        sql = (
            "SELECT learner_id, xp FROM weekly_xp WHERE community = :c AND week_start = :w AND xp > 0 "
            "ORDER BY xp DESC, reached_at, learner_id LIMIT 10"
        )
        params = {"c": COMMUNITY, "w": week_start(NOW, UTC_ZONE)}
        if db.backend == "sqlite":
            params["w"] = params["w"].isoformat()  # type: ignore[union-attr]
    async with db.engine.connect() as connection:
        return list(await connection.execute(text(sql), params))


async def weekly_from_ledger(db: Database) -> list:
    since = week_start_instant(NOW, UTC_ZONE)
    value: object = since.replace(tzinfo=None).strftime(SQLITE_TIME) if db.backend == "sqlite" else since
    sql = (
        "SELECT learner_id, SUM(amount) AS xp, MAX(at) AS reached FROM xp_ledger "
        "WHERE community = :c AND at >= :since GROUP BY learner_id "
        "ORDER BY xp DESC, reached, learner_id LIMIT 10"
    )
    async with db.engine.connect() as connection:
        return list(await connection.execute(text(sql), {"c": COMMUNITY, "since": value}))


# ---------------------------------------------------------------- main


async def run_backend(backend: str, args: argparse.Namespace, directory: Path) -> list[Figure]:
    figures: list[Figure] = []
    async with scratch_database(backend, directory, pg_url=args.pg_url) as db:
        figures += await bench_awards(backend, db, directory, args.awards)
    if args.learners <= 0:
        return figures
    async with scratch_database(backend, directory, pg_url=args.pg_url) as db:
        started = time.perf_counter()
        if backend == "sqlite":
            path = db.engine.url.database or ""
            await db.engine.dispose()
            dataset = await asyncio.to_thread(load_sqlite, path, args.learners, args.ledger)
        else:
            dataset = await load_postgres(db, args.learners, args.ledger)
        load = time.perf_counter() - started
        print(
            f"{backend:<10} bulk-loaded {args.learners:,} learners, {args.ledger:,} ledger rows, "
            f"{len(dataset.weekly):,} weekly rows in {load:.1f} s",
            flush=True,
        )
        figures += await bench_leaderboard(backend, db, dataset, args.repeat)
    return figures


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--awards", type=int, default=1000, help="awards per measurement (default 1000)")
    parser.add_argument(
        "--learners", type=int, default=100_000, help="learners for the leaderboard (0: skip)"
    )
    parser.add_argument("--ledger", type=int, default=1_000_000, help="ledger rows for the leaderboard")
    parser.add_argument("--repeat", type=int, default=20, help="leaderboard queries per figure (median)")
    parser.add_argument("--pg-url", default=os.environ.get("TEST_DATABASE_URL"), help="PostgreSQL URL")
    parser.add_argument("--sqlite-only", action="store_true", help="skip PostgreSQL even when a URL is known")
    return parser.parse_args(argv)


async def main(argv: list[str]) -> int:
    args = parse_args(argv)
    backends = ["sqlite"] + ([] if args.sqlite_only or not args.pg_url else ["postgresql"])
    print(f"{'backend':<10} {'measure':<44} {'value':>12} {'unit':<9} {'baseline':>12}")
    with tempfile.TemporaryDirectory(prefix="dockcoach-bench-") as tmp:
        for backend in backends:
            await run_backend(backend, args, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1:])))
