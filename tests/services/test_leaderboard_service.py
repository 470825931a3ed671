"""LeaderboardService: ranks, ties (whoever reached the score first), the week boundary in the community's
time zone, the caller's own entry outside the top N, and the weekly rollup agreeing with the ledger."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.core.leaderboard import Period, week_start_instant
from bot.core.learners import LearnerKey
from bot.services.communities import CommunitySettingsService
from bot.services.leaderboard import LeaderboardService
from bot.services.progress import ProgressService
from bot.storage.db import Database
from bot.storage.models import Learner, LedgerEntry
from bot.storage.scratch import scratch_backends, scratch_database

GUILD = "guild-7"
WEDNESDAY = datetime(2024, 1, 17, 12, 0, tzinfo=UTC)


@pytest.fixture(params=scratch_backends())
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    async with scratch_database(str(request.param), tmp_path) as db:
        yield db


@pytest.fixture
def progress(database: Database) -> ProgressService:
    return ProgressService(database.sessions)


@pytest.fixture
def boards(database: Database) -> LeaderboardService:
    return LeaderboardService(database.sessions)


async def give(
    progress: ProgressService, user: str, amount: int, at: datetime, key: str | None = None
) -> None:
    learner = LearnerKey(GUILD, user, f"name-{user}")
    await progress.award(
        learner, amount=amount, reason="test", source_key=key or f"{user}:{at}:{amount}", at=at
    )


def table(board) -> list[tuple[int, str, int]]:
    return [(e.rank, e.user, e.xp) for e in board.entries]


async def test_all_time_ranks_most_xp_first(progress: ProgressService, boards: LeaderboardService) -> None:
    await give(progress, "a", 300, WEDNESDAY)
    await give(progress, "b", 500, WEDNESDAY)
    await give(progress, "c", 100, WEDNESDAY)
    await give(progress, "c", 50, WEDNESDAY + timedelta(hours=1))
    await progress.award(LearnerKey("other-guild", "z"), amount=999, reason="t", source_key="z", at=WEDNESDAY)
    board = await boards.leaderboard(GUILD, period=Period.ALL, now=WEDNESDAY, caller="a", count_ranked=True)
    assert table(board) == [(1, "b", 500), (2, "a", 300), (3, "c", 150)]
    assert board.entries[0].display_name == "name-b"
    assert board.caller == board.entries[1]
    assert board.ranked == 3 and board.week_start is None


async def test_ties_go_to_whoever_reached_the_score_first(
    progress: ProgressService, boards: LeaderboardService
) -> None:
    await give(progress, "early", 100, WEDNESDAY)
    await give(progress, "late", 60, WEDNESDAY - timedelta(days=7))  # last week
    await give(progress, "late", 40, WEDNESDAY + timedelta(minutes=5))  # reaches 100 after "early"
    await give(progress, "same-a", 80, WEDNESDAY)
    await give(progress, "same-b", 80, WEDNESDAY)  # same instant: the earlier learner wins, stably
    board = await boards.leaderboard(GUILD, period="all", now=WEDNESDAY, caller="late")
    assert table(board) == [(1, "early", 100), (2, "late", 100), (3, "same-a", 80), (4, "same-b", 80)]
    week = await boards.leaderboard(GUILD, period="week", now=WEDNESDAY + timedelta(hours=1), caller="late")
    assert table(week) == [(1, "early", 100), (2, "same-a", 80), (3, "same-b", 80), (4, "late", 40)]
    assert week.caller == week.entries[3]  # only this week's part counts


async def test_caller_outside_the_top_n_gets_their_own_rank(
    progress: ProgressService, boards: LeaderboardService
) -> None:
    for n in range(15):
        await give(progress, f"u{n:02d}", 1000 - 10 * n, WEDNESDAY)
    board = await boards.leaderboard(
        GUILD, period="all", now=WEDNESDAY, limit=5, caller="u11", count_ranked=True
    )
    assert [e.user for e in board.entries] == ["u00", "u01", "u02", "u03", "u04"]
    assert board.caller is not None and (board.caller.rank, board.caller.xp) == (12, 890)
    assert board.ranked == 15
    uncounted = await boards.leaderboard(GUILD, now=WEDNESDAY, caller="u11")
    assert uncounted.ranked is None and uncounted.caller == board.caller  # counting is opt-in
    assert (await boards.leaderboard(GUILD, now=WEDNESDAY, caller="nobody")).caller is None
    assert len((await boards.leaderboard(GUILD, now=WEDNESDAY, limit=500)).entries) == 15


async def test_week_starts_monday_midnight_in_the_community_time_zone(
    database: Database, progress: ProgressService, boards: LeaderboardService
) -> None:
    await CommunitySettingsService(database.sessions).set_timezone(GUILD, "Europe/Paris")
    sunday_late = datetime(2024, 1, 14, 22, 30, tzinfo=UTC)  # Sunday 23:30 in Paris: last week
    monday_early = datetime(2024, 1, 14, 23, 30, tzinfo=UTC)  # Monday 00:30 in Paris: this week
    await give(progress, "sunday", 70, sunday_late)
    await give(progress, "monday", 20, monday_early)
    week = await boards.leaderboard(GUILD, period=Period.WEEK, now=WEDNESDAY, caller="sunday")
    assert table(week) == [(1, "monday", 20)]
    assert week.week_start.isoformat() == "2024-01-15" and week.caller is None
    all_time = await boards.leaderboard(GUILD, period=Period.ALL, now=WEDNESDAY)
    assert table(all_time) == [(1, "sunday", 70), (2, "monday", 20)]
    last_week = await boards.leaderboard(GUILD, period=Period.WEEK, now=sunday_late)
    assert table(last_week) == [(1, "sunday", 70)]


async def test_in_utc_both_awards_fall_on_sunday(
    progress: ProgressService, boards: LeaderboardService
) -> None:
    await give(progress, "sunday", 70, datetime(2024, 1, 14, 22, 30, tzinfo=UTC))
    await give(progress, "monday", 20, datetime(2024, 1, 14, 23, 30, tzinfo=UTC))
    assert table(await boards.leaderboard(GUILD, period=Period.WEEK, now=WEDNESDAY)) == []


async def test_weekly_board_agrees_with_the_ledger(
    database: Database, progress: ProgressService, boards: LeaderboardService
) -> None:
    tz = ZoneInfo("America/New_York")
    await CommunitySettingsService(database.sessions).set_timezone(GUILD, "America/New_York")
    rng = random.Random(11)
    start = datetime(2024, 3, 1, tzinfo=UTC)  # spans the US daylight-saving change of 2024-03-10
    for n in range(120):
        at = start + timedelta(minutes=rng.randrange(0, 60 * 24 * 20))
        await give(progress, f"u{rng.randrange(12)}", rng.randrange(1, 60), at, key=f"k{n}")
    now = datetime(2024, 3, 13, 15, 0, tzinfo=UTC)
    board = await boards.leaderboard(GUILD, period=Period.WEEK, now=now, limit=100)
    since, until = week_start_instant(now, tz), week_start_instant(now, tz) + timedelta(days=7)
    async with database.sessions() as session:
        rows = (
            await session.execute(
                select(Learner.user_id, LedgerEntry.amount, LedgerEntry.at).join(
                    Learner, Learner.id == LedgerEntry.learner_id
                )
            )
        ).all()
    expected: dict[str, int] = defaultdict(int)
    for user, amount, at in rows:
        if since <= at < until:
            expected[user] += amount
    assert {e.user: e.xp for e in board.entries} == dict(expected)
    assert [e.xp for e in board.entries] == sorted(expected.values(), reverse=True)


async def test_learners_without_xp_are_not_ranked(
    progress: ProgressService, boards: LeaderboardService
) -> None:
    await progress.record_answer(
        LearnerKey(GUILD, "wrong"), source_key="s", question_id="q", kind="k", lesson="l", objective="o",
        difficulty=1, correct=False, choice="x", answered_at=WEDNESDAY,
    )  # fmt: skip
    board = await boards.leaderboard(GUILD, now=WEDNESDAY, caller="wrong", count_ranked=True)
    assert board.entries == () and board.caller is None and board.ranked == 0
    with pytest.raises(ValueError):
        await boards.leaderboard(GUILD, period="month", now=WEDNESDAY)
