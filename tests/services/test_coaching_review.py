"""ReviewPlanner: a newcomer gets new material from the first lesson; a missed family comes back first,
as a fresh question of the same family."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.coaching.families import family_of
from bot.core.coaching.srs import PickReason, SrsPolicy
from bot.core.learners import LearnerKey
from bot.core.lesson_parser import parse_lesson
from bot.services.coaching import CoachingService
from bot.services.coaching_review import ReviewPlanner
from bot.services.quiz import QuizContent
from bot.storage.db import Database
from bot.storage.scratch import scratch_backends, scratch_database

ROOT = Path(__file__).resolve().parents[2]
ALICE = LearnerKey("guild-1", "111", "Alice")
T0 = datetime(2026, 11, 2, 8, tzinfo=UTC)


@pytest.fixture(params=scratch_backends())
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    async with scratch_database(str(request.param), tmp_path) as db:
        yield db


@pytest.fixture(scope="module")
def content() -> QuizContent:
    path = ROOT / "content" / "10-registries.md"
    parsed = parse_lesson(path.read_bytes(), str(path))
    assert parsed.lesson is not None
    return QuizContent.build([parsed.lesson])


async def test_newcomer_then_missed_family_comes_back(database: Database, content: QuizContent) -> None:
    coaching = CoachingService(database.sessions, policy=SrsPolicy(daily_review_cap=20, daily_new_cap=4))
    planner = ReviewPlanner(coaching, content)
    plan = await planner.plan(ALICE, now=T0, rng=random.Random(1), limit=10)
    assert len(plan.items) == 4 and all(i.pick.reason is PickReason.NEW for i in plan.items)
    assert all(family_of(i.question) == i.pick.family for i in plan.items)
    missed = plan.items[0]
    for n, item in enumerate(plan.items):
        await coaching.record_question_answer(
            ALICE, item.question, correct=item is not missed, answered_at=T0, source_key=f"review:1:{n}"
        )
    later = await planner.plan(
        ALICE, now=T0 + timedelta(hours=1), rng=random.Random(2), avoid=frozenset({missed.question.id})
    )
    first = later.items[0]
    assert first.pick.reason is PickReason.DUE and first.pick.family == missed.pick.family
    assert first.question.id != missed.question.id
    assert {i.pick.family for i in later.items[1:]}.isdisjoint({i.pick.family for i in plan.items})
    assert later.queue.reviewed_today == 4
