"""Level marks on a real database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set): a level-up is
claimed by one process only, one reached while the bot was down is still found, the live quiz's report and
the watcher share the mark, channel mode gets the channel of the learner's latest quiz run, and the
migration marks existing learners at their level (no flood of old announcements)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.core.learners import LearnerKey
from bot.core.level_roles import LevelUp
from bot.services.level_roles import LevelRoleService
from bot.services.progress import ProgressService
from bot.services.quiz import QuizService, load_quiz_content
from bot.services.quiz_runs import QuizRunService
from bot.storage import migrate
from bot.storage.db import Database
from bot.storage.scratch import scratch_backends, scratch_database

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
ADA, BOB = LearnerKey("77", "ada", "Ada"), LearnerKey("77", "bob", "Bob")
ELSEWHERE = LearnerKey("88", "cy", "Cy")


@pytest.fixture(params=scratch_backends())
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    async with scratch_database(str(request.param), tmp_path) as db:
        yield db


async def award(database: Database, learner: LearnerKey, amount: int, key: str) -> None:
    await ProgressService(database.sessions).award(
        learner, amount=amount, reason="import", source_key=key, at=NOW
    )


async def handle(service: LevelRoleService, communities: list[str]) -> list[LevelUp]:
    """What one watcher tick of a process serving ``communities`` handles."""
    claimed = [await service.claim(p) for p in await service.pending_level_ups(communities)]
    return [event for event in claimed if event is not None]


async def test_a_level_up_is_claimed_by_one_process_only(database: Database) -> None:
    first, second = LevelRoleService(database.sessions), LevelRoleService(database.sessions)
    await award(database, ADA, 60, "a1")
    await award(database, ELSEWHERE, 300, "c1")
    assert await first.pending_level_ups(["77"]) == []  # level 0 still
    await award(database, ADA, 50, "a2")  # level 1
    seen_by_both = await first.pending_level_ups(["77"])
    assert [(p.user, p.level) for p in seen_by_both] == [("ada", 1)]
    assert await second.pending_level_ups(["77"]) == seen_by_both
    assert [await first.claim(p) for p in seen_by_both] == [LevelUp("77", "ada", 1, None)]
    assert [await second.claim(p) for p in seen_by_both] == [None]  # the other process lost the claim
    assert await handle(first, ["77"]) == [] and await handle(second, ["77"]) == []
    assert [(e.user, e.level) for e in await handle(second, ["88"])] == [("cy", 2)]  # its own server


async def test_a_restart_catches_level_ups_reached_while_down(database: Database) -> None:
    await award(database, ADA, 110, "a1")
    assert [e.level for e in await handle(LevelRoleService(database.sessions), ["77"])] == [1]
    # The bot is down: nothing watches while Ada climbs two levels and Bob one.
    await award(database, ADA, 400, "a2")
    await award(database, BOB, 150, "b1")
    restarted = LevelRoleService(database.sessions)  # a new process: no state but the database
    assert sorted((e.user, e.level) for e in await handle(restarted, ["77"])) == [("ada", 3), ("bob", 1)]
    assert await handle(restarted, ["77"]) == []


async def test_a_live_quiz_report_and_the_watcher_share_the_mark(database: Database) -> None:
    service = LevelRoleService(database.sessions)
    await award(database, ADA, 120, "live:q1:0")
    assert await service.claim_event(LevelUp("77", "ada", 1, "555")) is True
    assert await service.claim_event(LevelUp("77", "ada", 1, "555")) is False  # reported twice
    assert await handle(service, ["77"]) == []  # the watcher does not announce it again
    assert await service.claim_event(LevelUp("77", "nobody", 1, "555")) is False
    await award(database, BOB, 120, "b1")
    assert [e.user for e in await handle(service, ["77"])] == ["bob"]
    assert await service.claim_event(LevelUp("77", "bob", 1, "555")) is False  # the watcher was first


async def test_channel_mode_uses_the_latest_quiz_run_channel(database: Database) -> None:
    content = load_quiz_content(ROOT / "content", ROOT / "quizzes")[0]
    progress = ProgressService(database.sessions)
    runs = QuizRunService(
        QuizService(content, progress=progress),
        progress,
        database.sessions,
        engine=database.engine,
        idle=timedelta(hours=2),
    )
    await runs.start(ADA, None, kind=None, now=NOW, channel_id=1001)
    await runs.start(ADA, None, kind=None, now=NOW + timedelta(minutes=5), channel_id=1002)
    await runs.start(ADA, None, kind=None, now=NOW + timedelta(minutes=9))  # no channel (console)
    await runs.start(BOB, None, kind=None, now=NOW + timedelta(minutes=20), channel_id=2001)
    stored = await runs.start(BOB, None, kind=None, now=NOW + timedelta(minutes=30), channel_id=2002)
    assert (await runs.get(stored.run.id)).channel_id == "2002"  # type: ignore[union-attr]
    await award(database, ADA, 120, "a1")
    await award(database, LearnerKey("77", "dee", "Dee"), 120, "d1")  # never played a quiz
    events = await handle(LevelRoleService(database.sessions), ["77"])
    assert sorted((e.user, e.channel_id) for e in events) == [("ada", "1002"), ("dee", None)]


async def test_the_migration_marks_existing_learners_at_their_level(
    tmp_path: Path,
) -> None:
    async with scratch_database("sqlite", tmp_path, upgrade=False) as db:
        assert await migrate.migrate(db.url, "0004_study_groups", **db.options) == "0004_study_groups"
        await award(db, ADA, 300, "a1")  # level 2 before the upgrade
        await award(db, BOB, 20, "b1")  # level 0
        assert await migrate.upgrade_to_head(db.url, **db.options) == migrate.head_revision()
        async with db.engine.connect() as connection:
            rows = await connection.execute(text("SELECT level FROM level_marks ORDER BY level"))
            assert [level for (level,) in rows] == [0, 2]
        service = LevelRoleService(db.sessions)
        assert await handle(service, ["77"]) == []  # no flood of old level-ups
        await award(db, ADA, 200, "a2")  # level 3
        assert [(e.user, e.level) for e in await handle(service, ["77"])] == [("ada", 3)]
