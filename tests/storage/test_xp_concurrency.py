"""Concurrency and durability: 500 concurrent awards give exact totals; a killed process loses no
committed answer and a replay after restart never double-counts."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sys
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from bot.core.learners import LearnerKey
from bot.core.progress import AnswerOutcome
from bot.core.xp import level_for
from bot.services.progress import ProgressService
from bot.storage.db import Database, open_database
from bot.storage.models import LearnerTotals, LedgerEntry, WeeklyXp

T0 = datetime(2024, 3, 11, 9, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]


async def _gather_limited(jobs: list, limit: int) -> list:
    gate = asyncio.Semaphore(limit)

    async def run(job):
        async with gate:
            return await job()

    return await asyncio.gather(*(run(job) for job in jobs))


async def test_500_concurrent_awards_give_exact_totals(database: Database) -> None:
    rng = random.Random(5)
    learners = [LearnerKey("guild", str(n), f"L{n}") for n in range(12)]
    distinct = [(learners[i % 12], f"event:{i}", 1 + i % 9, T0 + timedelta(minutes=i)) for i in range(400)]
    calls = distinct + [rng.choice(distinct) for _ in range(120)]
    rng.shuffle(calls)
    progress = ProgressService(database.sessions)
    jobs = [
        lambda c=call: progress.award(c[0], amount=c[2], reason="load", source_key=c[1], at=c[3])
        for call in calls
    ]
    outcomes = await _gather_limited(jobs, 40)

    assert sum(o.duplicate for o in outcomes) == 120
    assert sum(o.xp_awarded for o in outcomes) == sum(c[2] for c in distinct)
    expected: dict[str, int] = defaultdict(int)
    for learner, _key, amount, _at in distinct:
        expected[learner.user] += amount
    for learner in learners:
        profile = await progress.profile(learner, now=T0)
        assert profile.xp == expected[learner.user]
        assert profile.level == level_for(profile.xp)
    async with database.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(LedgerEntry)) == 400
        assert await session.scalar(select(func.sum(WeeklyXp.xp))) == sum(expected.values())
        stored_levels = (await session.execute(select(LearnerTotals.xp, LearnerTotals.level))).all()
    assert all(level == level_for(xp) for xp, level in stored_levels)


async def test_concurrent_answers_to_one_question_earn_once(database: Database) -> None:
    progress = ProgressService(database.sessions)
    learner = LearnerKey("guild", "clicker")

    def job(n: int):
        return lambda: progress.record_answer(
            learner, source_key=f"session-{n % 25}:q1", question_id="q1", kind="expand", lesson="10",
            objective="o", difficulty=3, correct=True, choice="x", answered_at=T0 + timedelta(seconds=n),
        )  # fmt: skip

    outcomes = await _gather_limited([job(n) for n in range(60)], 30)
    assert sum(not o.duplicate for o in outcomes) == 25
    assert sum(o.xp_awarded for o in outcomes) == 30
    assert (await progress.profile(learner, now=T0)).xp == 30


CRASHING_WRITER = """
import asyncio, sys
from datetime import UTC, datetime
from bot.core.learners import LearnerKey
from bot.core.progress import AnswerOutcome
from bot.services.progress import ProgressService
from bot.storage.db import open_database

async def main(url, schema):
    options = {"connect_args": {"server_settings": {"search_path": schema}}} if schema else {}
    db = await open_database(url, upgrade=False, **options)
    progress = ProgressService(db.sessions)
    learner = LearnerKey("guild", "crash", "Crash")
    for i in range(100000):
        await progress.record_answer(
            learner, source_key=f"quiz-1:{i}", question_id=f"q{i}", kind="expand", lesson="10", objective="o",
            difficulty=1, correct=True, choice="x", answered_at=datetime(2024, 3, 11, 9, 0, tzinfo=UTC),
        )
        print(i, flush=True)

asyncio.run(main(sys.argv[1], sys.argv[2]))
"""


async def _replay(progress: ProgressService, learner: LearnerKey, i: int) -> AnswerOutcome:
    return await progress.record_answer(
        learner, source_key=f"quiz-1:{i}", question_id=f"q{i}", kind="expand", lesson="10",
        objective="o", difficulty=1, correct=True, choice="x", answered_at=T0,
    )  # fmt: skip


async def test_killed_process_loses_no_committed_answer_and_replay_never_double_counts(
    database: Database,
) -> None:
    schema = database.options.get("connect_args", {}).get("server_settings", {}).get("search_path", "")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writer = await asyncio.create_subprocess_exec(
        sys.executable, "-c", CRASHING_WRITER, database.url, schema,
        stdout=asyncio.subprocess.PIPE, env=env, cwd=ROOT,
    )  # fmt: skip
    assert writer.stdout is not None
    committed: list[int] = []
    while len(committed) < 15:
        line = await asyncio.wait_for(writer.stdout.readline(), timeout=60)
        assert line, "the writer stopped before being killed"
        committed.append(int(line))
    writer.send_signal(signal.SIGKILL)  # mid-quiz: possibly inside a transaction
    await writer.wait()

    await database.dispose()  # the bot restarts: a brand-new engine on the same database
    restarted = await open_database(database.url, **database.options)
    try:
        progress = ProgressService(restarted.sessions)
        learner = LearnerKey("guild", "crash")
        replay_count = committed[-1] + 10
        outcomes = [await _replay(progress, learner, i) for i in range(replay_count)]
        assert all(outcomes[i].duplicate for i in committed), "a committed answer was lost"
        assert (await progress.profile(learner, now=T0)).xp == 10 * replay_count  # each answer counted once
        async with restarted.sessions() as session:
            assert await session.scalar(select(func.count()).select_from(LedgerEntry)) == replay_count
    finally:
        await restarted.dispose()
