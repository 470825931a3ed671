"""ProgressService on a real database: XP rules, streaks, completions, awards, idempotency, profiles."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.core.learners import LearnerKey
from bot.core.xp import InvalidAmountError, InvalidDifficultyError, InvalidScoreError, NegativeBalanceError
from bot.services.communities import CommunitySettingsService
from bot.services.progress import ProgressService
from bot.storage.db import Database
from bot.storage.models import Attempt, LedgerEntry
from bot.storage.scratch import scratch_backends, scratch_database

ALICE = LearnerKey("guild-1", "111", "Alice")
T0 = datetime(2024, 3, 11, 9, 0, tzinfo=UTC)  # a Monday


@pytest.fixture(params=scratch_backends())
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    async with scratch_database(str(request.param), tmp_path) as db:
        yield db


@pytest.fixture
def progress(database: Database) -> ProgressService:
    return ProgressService(database.sessions)


async def answer(
    progress: ProgressService,
    key: str,
    *,
    question: str = "q1",
    correct: bool = True,
    difficulty: int = 2,
    at: datetime = T0,
    learner: LearnerKey = ALICE,
):
    return await progress.record_answer(
        learner,
        source_key=key,
        question_id=question,
        kind="expand",
        lesson="10-registries",
        objective="Comprendre le nommage des images",
        difficulty=difficulty,
        correct=correct,
        choice="docker.io/library/nginx:latest",
        answered_at=at,
        answer_ms=4200,
    )


async def test_correct_answer_earns_xp_by_difficulty(progress: ProgressService) -> None:
    outcome = await answer(progress, "s1:q1", difficulty=3)
    assert (outcome.xp_awarded, outcome.total_xp, outcome.level, outcome.streak) == (30, 30, 0, 1)
    assert not outcome.duplicate and not outcome.leveled_up
    wrong = await answer(progress, "s1:q2", question="q2", correct=False)
    assert (wrong.xp_awarded, wrong.total_xp) == (0, 30)


async def test_same_source_key_never_counts_twice(progress: ProgressService, database: Database) -> None:
    first = await answer(progress, "s1:q1")
    again = await answer(progress, "s1:q1")
    assert first.xp_awarded == 20 and not first.duplicate
    assert again.duplicate and again.xp_awarded == 0 and again.total_xp == 20
    async with database.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Attempt)) == 1


async def test_only_the_first_correct_answer_per_question_and_day_earns(progress: ProgressService) -> None:
    assert (await answer(progress, "s1:q1", correct=False)).xp_awarded == 0
    assert (await answer(progress, "s2:q1")).xp_awarded == 20
    assert (await answer(progress, "s3:q1")).xp_awarded == 0  # farming the same question
    assert (await answer(progress, "s3:q9", question="q9")).xp_awarded == 20
    tomorrow = await answer(progress, "s4:q1", at=T0 + timedelta(days=1))
    assert tomorrow.xp_awarded == 20 + 5  # earns again the next day, plus the day-2 streak bonus
    assert tomorrow.streak_bonus == 5 and tomorrow.streak == 2


async def test_the_day_follows_the_community_time_zone(progress: ProgressService, database: Database) -> None:
    await CommunitySettingsService(database.sessions).set_timezone(ALICE.community, "Europe/Paris")
    late = datetime(2024, 3, 11, 22, 30, tzinfo=UTC)  # Monday 23:30 in Paris
    after_midnight = datetime(2024, 3, 11, 23, 10, tzinfo=UTC)  # Tuesday 00:10 in Paris, still Monday in UTC
    assert (await answer(progress, "a", at=late)).xp_awarded == 20
    second = await answer(progress, "b", at=after_midnight)
    assert second.xp_awarded == 25 and second.streak == 2


async def test_streak_grows_breaks_and_keeps_the_best(progress: ProgressService) -> None:
    bonuses = []
    for day in range(4):
        outcome = await answer(progress, f"d{day}", question=f"q{day}", at=T0 + timedelta(days=day))
        bonuses.append(outcome.streak_bonus)
    assert bonuses == [0, 5, 10, 15]
    same_day = await answer(progress, "d3b", question="other", at=T0 + timedelta(days=3, hours=2))
    assert same_day.streak == 4 and same_day.streak_bonus == 0
    after_gap = await answer(progress, "d6", question="q6", at=T0 + timedelta(days=6))
    assert after_gap.streak == 1 and after_gap.streak_bonus == 0
    profile = await progress.profile(ALICE, now=T0 + timedelta(days=6))
    assert (profile.streak, profile.best_streak) == (1, 4)
    assert (await progress.profile(ALICE, now=T0 + timedelta(days=8))).streak == 0


async def test_a_wrong_answer_keeps_the_streak_alive(progress: ProgressService) -> None:
    await answer(progress, "a", at=T0)
    outcome = await answer(progress, "b", correct=False, at=T0 + timedelta(days=1))
    assert outcome.streak == 2 and outcome.xp_awarded == 5  # only the streak bonus


async def complete(progress: ProgressService, key: str, score: int, total: int = 10, *, at: datetime = T0):
    return await progress.record_completion(
        ALICE, source_key=key, lesson="10-registries", score=score, total=total, xp_reward=200, finished_at=at
    )


async def test_lesson_reward_only_on_the_first_pass(progress: ProgressService) -> None:
    failed = await complete(progress, "quiz-1", 6)
    assert not failed.passed and not failed.first_completion and failed.xp_awarded == 0
    passed = await complete(progress, "quiz-2", 8)
    assert passed.passed and passed.first_completion and passed.xp_awarded == 200
    assert passed.total_xp == 200 and passed.level == 1 and passed.leveled_up
    assert (passed.best_score, passed.best_total) == (8, 10)
    again = await complete(progress, "quiz-3", 10)
    assert again.passed and not again.first_completion and again.xp_awarded == 0
    assert (again.best_score, again.best_total, again.total_xp) == (10, 10, 200)
    replay = await complete(progress, "quiz-2", 8)
    assert replay.duplicate and replay.xp_awarded == 0 and replay.best_score == 10


async def test_best_score_compares_ratios(progress: ProgressService) -> None:
    await complete(progress, "a", 4, 5)  # 80 %
    worse = await complete(progress, "b", 7, 10)  # 70 %
    assert (worse.best_score, worse.best_total) == (4, 5)
    better = await complete(progress, "c", 9, 10)
    assert (better.best_score, better.best_total) == (9, 10)


async def test_admin_award_is_idempotent_and_can_correct(progress: ProgressService) -> None:
    first = await progress.award(ALICE, amount=150, reason="event", source_key="admin:1", at=T0)
    assert (first.xp_awarded, first.total_xp, first.level, first.leveled_up) == (150, 150, 1, True)
    again = await progress.award(ALICE, amount=150, reason="event", source_key="admin:1", at=T0)
    assert again.duplicate and again.total_xp == 150
    fixed = await progress.award(ALICE, amount=-100, reason="correction", source_key="admin:2", at=T0)
    assert (fixed.total_xp, fixed.level) == (50, 0)
    with pytest.raises(NegativeBalanceError):
        await progress.award(ALICE, amount=-51, reason="too much", source_key="admin:3", at=T0)
    assert (await progress.profile(ALICE)).xp == 50  # the failed award left nothing behind


async def test_level_and_profile(progress: ProgressService, database: Database) -> None:
    await progress.award(ALICE, amount=300, reason="seed", source_key="k", at=T0)
    await progress.award(LearnerKey("guild-1", "222"), amount=400, reason="seed", source_key="k", at=T0)
    profile = await progress.profile(ALICE, now=T0)
    assert (profile.xp, profile.level, profile.xp_into_level, profile.xp_for_next_level) == (300, 2, 45, 220)
    assert profile.xp_to_next_level == 175 and profile.rank == 2 and profile.display_name == "Alice"
    stranger = await progress.profile(LearnerKey("guild-1", "999"), now=T0)
    assert (stranger.xp, stranger.level, stranger.rank, stranger.streak) == (0, 0, None, 0)
    async with database.sessions() as session:
        keys = set(await session.scalars(select(LedgerEntry.source_key)))
    assert keys == {"k"}


async def test_invalid_input_is_rejected_before_touching_the_database(progress: ProgressService) -> None:
    with pytest.raises(InvalidDifficultyError):
        await answer(progress, "x", difficulty=5)
    with pytest.raises(InvalidScoreError):
        await complete(progress, "x", 11)
    with pytest.raises(InvalidAmountError):
        await progress.award(ALICE, amount=0, reason="nothing", source_key="x", at=T0)
    with pytest.raises(ValueError):
        await answer(progress, "x", at=datetime(2024, 3, 11, 9, 0))
    assert (await progress.profile(ALICE)).xp == 0
