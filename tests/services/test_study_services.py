"""ChallengeService and LevelRoleService on a real database (SQLite, and PostgreSQL when TEST_DATABASE_URL
is set): one attempt a week, the board from recorded answers, Monday announcements claimed once, tiers and
settings (level-up marks: tests/services/test_level_marks.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.learners import LearnerKey
from bot.core.level_roles import AnnounceMode, InvalidTierError, LevelRoleTier
from bot.core.quiz.questions import Question
from bot.core.text import Lang
from bot.services.challenge import AlreadyPlayedError, ChallengeService, podium
from bot.services.communities import CommunitySettingsService
from bot.services.level_roles import LevelRoleService
from bot.services.progress import ProgressService
from bot.services.quiz import QuizContent, QuizService, load_quiz_content
from bot.services.quiz_runs import QuizRunService
from bot.storage.db import Database
from bot.storage.scratch import scratch_backends, scratch_database

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)  # a Wednesday
ADA, BOB = LearnerKey("77", "ada", "Ada"), LearnerKey("77", "bob", "Bob")


@pytest.fixture(scope="module")
def content() -> QuizContent:
    return load_quiz_content(ROOT / "content", ROOT / "quizzes")[0]


@pytest.fixture(params=scratch_backends())
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    async with scratch_database(str(request.param), tmp_path) as db:
        yield db


@pytest.fixture
def challenges(content: QuizContent, database: Database) -> ChallengeService:
    progress = ProgressService(database.sessions)
    quiz = QuizService(content, progress=progress)
    runs = QuizRunService(quiz, progress, database.sessions, engine=database.engine, idle=timedelta(hours=2))
    return ChallengeService(runs, content, database.sessions)


def answer_for(question: Question, right: bool) -> str:
    if question.accept is not None:
        return question.accept.canonical if right else "certainement pas"
    if right:
        return ",".join(str(i + 1) for i in question.correct)
    wrong = [i for i in range(len(question.choices)) if i not in question.correct]
    return str(wrong[0] + 1) if wrong else ",".join(str(i + 1) for i in reversed(question.correct))


async def play(service: ChallengeService, learner: LearnerKey, rights: int, start: datetime) -> int:
    step = (await service.start(learner, now=start)).step
    at = start
    while (question := step.question) is not None:
        position = len(step.quiz.session.results)
        at += timedelta(seconds=10)
        text = answer_for(question, position < rights)
        step = await service.runs.answer(step.run.id, learner, position, text, lang=Lang.FR, now=at)
        service.runs.record(step)
    await service.runs.settle(step, learner)
    return len(step.quiz.session.questions)


async def test_one_attempt_a_week_and_its_board(challenges: ChallengeService) -> None:
    total = await play(challenges, ADA, rights=99, start=NOW)
    await play(challenges, BOB, rights=1, start=NOW + timedelta(minutes=5))
    with pytest.raises(AlreadyPlayedError):
        await challenges.start(ADA, now=NOW + timedelta(days=2))
    board = await challenges.leaderboard("77", now=NOW + timedelta(days=1))
    assert [(e.rank, e.result.user, e.result.score, e.result.total) for e in board.entries] == [
        (1, "ada", total, total),
        (2, "bob", 1, total),
    ]
    assert board.entries[0].result.seconds == pytest.approx(10 * total)
    next_week = await challenges.start(ADA, now=NOW + timedelta(days=5))  # Monday: a new challenge
    assert next_week.week.monday == board.week.monday + timedelta(days=7)


async def test_monday_announcements_are_claimed_once(challenges: ChallengeService) -> None:
    await challenges.set_channel("77", 555, now=NOW)
    await play(challenges, ADA, rights=99, start=NOW)
    assert await challenges.due_announcements(NOW + timedelta(days=1)) == []
    monday = datetime(2026, 3, 9, 0, 0, 30, tzinfo=UTC)
    due = await challenges.due_announcements(monday)
    assert [(a.community, a.channel_id, a.week.label) for a in due] == [("77", "555", "2026-W11")]
    assert [e.result.user for e in podium(due[0].previous)] == ["ada"]
    assert await challenges.due_announcements(monday + timedelta(hours=1)) == []
    assert await challenges.set_channel("77", None, now=monday)
    assert await challenges.due_announcements(monday + timedelta(days=7)) == []


async def test_tiers_settings_and_member_levels(database: Database) -> None:
    roles = LevelRoleService(database.sessions)
    await roles.add_tier("77", 5, "r5", now=NOW)
    settings = await roles.add_tier("77", 1, "r1", now=NOW)
    assert settings.tiers == (LevelRoleTier(1, "r1"), LevelRoleTier(5, "r5"))
    moved = await roles.add_tier("77", 3, "r5", now=NOW)  # a role is at one level only
    assert moved.tiers == (LevelRoleTier(1, "r1"), LevelRoleTier(3, "r5"))
    with pytest.raises(InvalidTierError):
        await roles.add_tier("77", 0, "r0", now=NOW)
    assert await roles.remove_tier("77", "r1") and not await roles.remove_tier("77", "r1")
    configured = await roles.configure(
        "77", now=NOW, remove_previous=True, announce=AnnounceMode.CHOSEN, announce_channel=9
    )
    assert (configured.remove_previous, configured.announce, configured.announce_channel) == (
        True,
        AnnounceMode.CHOSEN,
        "9",
    )
    progress = ProgressService(database.sessions)
    await progress.award(ADA, amount=300, reason="import", source_key="i1", at=NOW)
    assert [(m.user, m.level) for m in await roles.member_levels("77")] == [("ada", 2)]


async def test_the_week_turns_on_monday_in_the_community_time_zone(
    challenges: ChallengeService, database: Database
) -> None:
    await CommunitySettingsService(database.sessions).set_timezone("77", "Asia/Tokyo")
    sunday_utc = datetime(2026, 3, 8, 16, 0, tzinfo=UTC)  # Monday 01:00 in Tokyo
    assert (await challenges.week("77", sunday_utc)).label == "2026-W11"
    assert (await challenges.week("other", sunday_utc)).label == "2026-W10"  # a UTC community
    week = await challenges.week("77", sunday_utc)
    assert challenges.lesson_for("77", week) == challenges.lesson_for(
        "77", await challenges.week("77", NOW + timedelta(days=5))
    )
