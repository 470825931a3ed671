"""LiveService against a real database: one quiz per channel, clicks (changes, late, paused), closing once,
XP only with three participants and never twice, pause/resume keeping the time left, host-only controls."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.core import live as rules
from bot.core.learners import LearnerKey
from bot.core.live import ClickVerdict, LiveStatus
from bot.services.live import ChannelBusyError, LiveService, NotHostError
from bot.services.progress import ProgressService
from bot.services.quiz import QuizContent, load_quiz_content
from bot.storage.db import Database
from bot.storage.models import LedgerEntry
from bot.storage.scratch import scratch_backends, scratch_database

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
COMMUNITY = "42"
HOST = LearnerKey(COMMUNITY, "1", "Prof")
MEMBERS = [LearnerKey(COMMUNITY, str(i), f"M{i}") for i in range(2, 7)]


@pytest.fixture(scope="module")
def content() -> QuizContent:
    loaded, _problems = load_quiz_content(ROOT / "content", ROOT / "quizzes")
    return loaded


@pytest.fixture(params=scratch_backends())
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    async with scratch_database(str(request.param), tmp_path) as db:
        yield db


@pytest.fixture
def service(content: QuizContent, database: Database) -> LiveService:
    return LiveService(content, ProgressService(database.sessions), database.sessions)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


async def start(service: LiveService, channel: str = "100", count: int = 2) -> str:
    round_ = await service.start(
        HOST, channel, lesson_id=None, kind="image_name", count=count, seconds=20, now=T0, seed=7
    )
    assert round_.question is not None and round_.question.timing is not None
    assert round_.question.timing.closes_at == at(20)
    return round_.quiz.id


async def ledger(database: Database) -> int:
    async with database.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(LedgerEntry)) or 0)


async def test_one_live_quiz_per_channel(service: LiveService) -> None:
    await start(service, "100")
    with pytest.raises(ChannelBusyError):
        await start(service, "100")
    await start(service, "200")  # another channel is free


async def test_clicks_changes_late_and_wrong_question(service: LiveService) -> None:
    quiz = await start(service)
    a, b = MEMBERS[:2]
    assert await service.click(quiz, 0, a, 0, now=at(1)) is ClickVerdict.ACCEPTED
    assert await service.click(quiz, 0, a, 0, now=at(2)) is ClickVerdict.SAME
    assert await service.click(quiz, 0, a, 1, now=at(5)) is ClickVerdict.CHANGED
    assert await service.click(quiz, 0, b, 1, now=at(21)) is ClickVerdict.TOO_LATE
    assert await service.click(quiz, 1, b, 1, now=at(3)) is ClickVerdict.TOO_LATE  # not shown yet
    report = await service.close_question(quiz, 0, at(20))
    assert report is not None
    assert report.tally.counts[1] == 1 and report.tally.total == 1
    assert [s.elapsed_ms for s in report.scored] == [5000]  # the final answer's time counts
    assert await service.close_question(quiz, 0, at(20)) is None  # closed once
    assert await service.click(quiz, 0, b, 1, now=at(20)) is ClickVerdict.TOO_LATE


async def test_xp_needs_three_participants_and_is_paid_once(service: LiveService, database: Database) -> None:
    quiz = await start(service, count=1)
    round_ = await service.round(quiz)
    assert round_ is not None and round_.question is not None
    right = round_.question.question.correct
    for member in MEMBERS[:2]:
        await service.click(quiz, 0, member, right, now=at(1))
    await service.close_question(quiz, 0, at(20))
    report = await service.finish(quiz, LiveStatus.FINISHED, at(20))
    assert report is not None and report.participants == 2 and report.awards == ()
    assert await ledger(database) == 0

    quiz = await start(service, count=1)
    for member in MEMBERS[:3]:
        await service.click(quiz, 0, member, right, now=at(1))
    await service.close_question(quiz, 0, at(20))
    report = await service.finish(quiz, LiveStatus.FINISHED, at(20))
    assert report is not None and report.participants == 3
    assert {a.source_key for a, _ in report.awards} == {f"live:{quiz}:participation", f"live:{quiz}:q0"}
    assert await ledger(database) == 6
    again = await service.finish(quiz, LiveStatus.FINISHED, at(21))
    assert again is not None and not again.ended_now
    assert all(outcome.duplicate for _, outcome in again.awards)
    assert await ledger(database) == 6


async def test_pause_keeps_the_time_left_and_refuses_clicks(service: LiveService) -> None:
    quiz = await start(service)
    paused = await service.pause(quiz, HOST.user, moderator=False, now=at(5))
    assert paused.status is LiveStatus.PAUSED
    assert await service.click(quiz, 0, MEMBERS[0], 0, now=at(6)) is ClickVerdict.PAUSED
    resumed = await service.pause(quiz, HOST.user, moderator=False, now=at(100))
    assert resumed.status is LiveStatus.RUNNING
    round_ = await service.round(quiz)
    assert round_ is not None and round_.question is not None and round_.question.timing is not None
    assert round_.question.timing.closes_at == at(115)  # 15 s were left
    assert round_.question.timing.elapsed(at(101)) == pytest.approx(6)
    assert await service.click(quiz, 0, MEMBERS[0], 0, now=at(110)) is ClickVerdict.ACCEPTED


async def test_only_host_or_moderator_controls(service: LiveService) -> None:
    quiz = await start(service)
    with pytest.raises(NotHostError):
        await service.skip(quiz, MEMBERS[0].user, moderator=False, now=at(1))
    await service.skip(quiz, MEMBERS[0].user, moderator=True, now=at(2))
    round_ = await service.round(quiz)
    assert round_ is not None and round_.question is not None and round_.question.timing is not None
    assert round_.question.timing.closes_at == at(2)


async def test_next_question_and_running_top(service: LiveService) -> None:
    quiz = await start(service)
    fast, slow = MEMBERS[:2]
    round_ = await service.round(quiz)
    assert round_ is not None and round_.question is not None
    right = round_.question.question.correct
    await service.click(quiz, 0, fast, right, now=at(1))
    await service.click(quiz, 0, slow, right, now=at(19))
    await service.close_question(quiz, 0, at(20))
    nxt = await service.next_question(quiz, 0, at(21))
    assert nxt is not None and nxt.quiz.position == 1 and nxt.question is not None
    assert await service.next_question(quiz, 0, at(21)) is None  # moved on once
    report = await service.close_question(quiz, 1, at(41))
    assert report is not None and report.last
    assert [s.user for s in report.top] == [fast.user, slow.user]
    assert report.top[0].points == rules.FULL_POINTS
    assert rules.HALF_POINTS < report.top[1].points < rules.FULL_POINTS
    final = await service.finish(quiz, LiveStatus.FINISHED, at(41))
    assert final is not None and final.ended_now
    await start(service)  # the channel is free again


async def test_a_burst_of_clicks_is_recorded_exactly(service: LiveService) -> None:
    quiz = await start(service)
    members = [LearnerKey(COMMUNITY, f"b{i}", f"B{i}") for i in range(60)]
    first = [service.click(quiz, 0, m, i % 3, now=at(1 + i / 100)) for i, m in enumerate(members)]
    again = [service.click(quiz, 0, m, 3, now=at(5)) for m in members[:10]]  # changes in the same burst
    same = [service.click(quiz, 0, m, 3, now=at(6)) for m in members[:5]]
    late = [service.click(quiz, 0, m, 0, now=at(21)) for m in members[10:15]]
    verdicts = await asyncio.gather(*first, *again, *same, *late)
    assert verdicts[:60] == [ClickVerdict.ACCEPTED] * 60
    assert verdicts[60:70] == [ClickVerdict.CHANGED] * 10
    assert verdicts[70:75] == [ClickVerdict.SAME] * 5
    assert verdicts[75:] == [ClickVerdict.TOO_LATE] * 5
    report = await service.close_question(quiz, 0, at(20))
    assert report is not None
    expected = [sum(1 for i in range(10, 60) if i % 3 == c) for c in range(3)] + [10]
    assert list(report.tally.counts) == expected
    changed = {s.user: s.elapsed_ms for s in report.scored if s.user in {"b0", "b1"}}
    assert changed == {"b0": 5000, "b1": 5000}  # the change's time, not the repeated same click's
