"""quiz_runs: the compare-and-set that counts an answer once, on the ORM path and SQLite's autocommit path."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.learners import LearnerKey
from bot.storage.db import Database, run_transaction
from bot.storage.progress_repo import ProgressRepository
from bot.storage.quiz_runs import QuizRunRepository, QuizRunState, RunStatus, advance_autocommit

START = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)


async def _new_run(db: Database) -> QuizRunState:
    async def work(session) -> QuizRunState:
        learner_id = await ProgressRepository(session).ensure(LearnerKey("g", "u", "U"), START)
        state = QuizRunState(
            id="a" * 32, learner_id=learner_id, community="g", user="u", lesson="10-registries", kind=None,
            count=2, seed=7, answers=(), position=0, private=False, status=RunStatus.ACTIVE, xp_gained=0,
            leveled_up=False, started_at=START, updated_at=START, message_id=None, token=None,
        )  # fmt: skip
        await QuizRunRepository(session).add(state)
        return state

    return await run_transaction(db.sessions, work)


async def _get(db: Database, run_id: str) -> QuizRunState:
    async def work(session) -> QuizRunState | None:
        return await QuizRunRepository(session).get(run_id)

    found = await run_transaction(db.sessions, work)
    assert found is not None
    return found


async def _advance(db: Database, state: QuizRunState, answer: str, at: datetime, finished: bool) -> bool:
    fast = await advance_autocommit(db.engine, state, answer, at=at, token="t", finished=finished)
    if fast is not None:
        return fast

    async def work(session) -> bool:
        return await QuizRunRepository(session).advance(state, answer, at=at, token="t", finished=finished)

    return await run_transaction(db.sessions, work)


async def test_an_answer_is_stored_once_and_reads_back_exactly(database: Database) -> None:
    run = await _new_run(database)
    at = START + timedelta(seconds=3, microseconds=120)
    assert await _advance(database, run, "2", at, finished=False)
    assert not await _advance(database, run, "3", at, finished=False)  # the same position again: refused
    stored = await _get(database, run.id)
    assert (stored.answers, stored.position, stored.status, stored.updated_at) == (
        ("2",),
        1,
        RunStatus.ACTIVE,
        at,
    )
    assert await _advance(database, stored, "1", at + timedelta(seconds=1), finished=True)
    final = await _get(database, run.id)
    assert (final.answers, final.position, final.status) == (("2", "1"), 2, RunStatus.FINISHED)
    assert not await _advance(database, final, "4", at, finished=True)  # a finished quiz takes no answer


async def test_idle_runs_expire_once(database: Database) -> None:
    run = await _new_run(database)

    async def expire(session) -> list[str]:
        repo = QuizRunRepository(session)
        return [r.id for r in await repo.idle(START + timedelta(minutes=11)) if await repo.expire(r.id)]

    assert await run_transaction(database.sessions, expire) == [run.id]
    assert await run_transaction(database.sessions, expire) == []
    assert (await _get(database, run.id)).status is RunStatus.EXPIRED
