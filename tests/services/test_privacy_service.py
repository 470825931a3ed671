"""PrivacyService: export everything about a learner as JSON, and forget them entirely."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.core.learners import LearnerKey
from bot.services.leaderboard import LeaderboardService
from bot.services.privacy import EXPORT_FORMAT, PrivacyService
from bot.services.progress import ProgressService
from bot.storage.db import Database
from bot.storage.privacy_repo import learner_tables
from bot.storage.scratch import scratch_backends, scratch_database

T0 = datetime(2024, 5, 6, 10, 0, tzinfo=UTC)
ALICE = LearnerKey("guild", "alice", "Alice")
BOB = LearnerKey("guild", "bob", "Bob")


@pytest.fixture(params=scratch_backends())
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    async with scratch_database(str(request.param), tmp_path) as db:
        yield db


async def study(progress: ProgressService, learner: LearnerKey) -> None:
    for day in range(2):
        await progress.record_answer(
            learner, source_key=f"s{day}:q1", question_id="q1", kind="expand", lesson="10-registries",
            objective="nommage", difficulty=2, correct=True, choice="docker.io/library/nginx:latest",
            answered_at=T0 + timedelta(days=day), answer_ms=1500,
        )  # fmt: skip
    await progress.record_completion(
        learner, source_key="quiz-1", lesson="10-registries", score=9, total=10, xp_reward=200, finished_at=T0
    )


async def row_counts(database: Database) -> dict[str, int]:
    async with database.sessions() as session:
        return {
            table.name: int(await session.scalar(select(func.count()).select_from(table)) or 0)
            for table, _column in learner_tables()
        }


async def test_export_contains_everything_about_the_learner_only(database: Database) -> None:
    progress = ProgressService(database.sessions)
    await study(progress, ALICE)
    await study(progress, BOB)
    exported = await PrivacyService(database.sessions).export_learner(ALICE, now=T0)
    assert json.loads(json.dumps(exported)) == exported  # JSON-ready as is
    assert exported["format"] == EXPORT_FORMAT and exported["user"] == "alice"
    tables = exported["tables"]
    assert [row["user_id"] for row in tables["learners"]] == ["alice"]
    assert tables["learner_totals"][0]["xp"] == 20 + 20 + 5 + 200  # two days, streak bonus, lesson reward
    assert (
        len(tables["attempts"]) == 2 and tables["attempts"][0]["choice"] == "docker.io/library/nginx:latest"
    )
    assert tables["attempts"][0]["answered_at"].startswith("2024-05-06T10:00:00")
    assert {row["source_key"] for row in tables["xp_ledger"]} == {
        "answer:q1:2024-05-06", "answer:q1:2024-05-07", "streak:2024-05-07", "lesson:10-registries",
    }  # fmt: skip
    assert tables["quiz_results"][0]["score"] == 9
    assert tables["lesson_completions"][0]["first_passed_at"] is not None
    learner_id = tables["learners"][0]["id"]
    assert all(
        row["learner_id"] == learner_id for name, rows in tables.items() if name != "learners" for row in rows
    )


async def test_forget_deletes_every_row_and_nothing_else(database: Database) -> None:
    progress = ProgressService(database.sessions)
    privacy = PrivacyService(database.sessions)
    await study(progress, ALICE)
    await study(progress, BOB)
    before = await row_counts(database)
    exported = await privacy.export_learner(ALICE)
    expected = sum(len(rows) for rows in exported["tables"].values())

    assert await privacy.forget_learner(ALICE) == expected
    after = await row_counts(database)
    assert {name: before[name] - after[name] for name in before} == {
        name: len(rows) for name, rows in exported["tables"].items() if name != "learners"
    }
    assert (await privacy.export_learner(ALICE))["tables"] == {}
    assert (await progress.profile(ALICE)).xp == 0
    board = await LeaderboardService(database.sessions).leaderboard("guild", now=T0, caller="alice")
    assert [e.user for e in board.entries] == ["bob"] and board.caller is None
    assert (await progress.profile(BOB)).xp == 245
    assert await privacy.forget_learner(ALICE) == 0
