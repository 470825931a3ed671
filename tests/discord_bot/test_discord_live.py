"""`/quiz-live` against the fake Discord, with a manual clock: several members clicking (changes of answer,
late clicks, a member joining mid-quiz), results and bars at time-up, podium and XP, host controls, one quiz
per channel, and a restart mid-question."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fake_discord import FakeDiscord
from fake_payloads import FakeUser
from sqlalchemy import select

from bot.core.live import LETTERS
from bot.discord_bot import live_clock
from bot.storage.models import Learner, LedgerEntry

ANSWER = re.compile(r"lq:(?P<quiz>[0-9a-f]{32}):(?P<position>\d+):(?P<choice>\d)")


class ManualClock:
    """Time moves only when the test says so; sleepers wake when it passes their deadline."""

    def __init__(self) -> None:
        self.current = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
        self.ticked = asyncio.Event()

    def now(self) -> datetime:
        return self.current

    async def sleep_until(self, deadline: datetime, wake: asyncio.Event) -> None:
        while self.current < deadline and not wake.is_set():
            tick = self.ticked
            waiters = {asyncio.ensure_future(tick.wait()), asyncio.ensure_future(wake.wait())}
            try:
                await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
            finally:
                for task in waiters:
                    task.cancel()

    def advance(self, seconds: float, *, wake: bool = True) -> None:
        self.current += timedelta(seconds=seconds)
        if wake:
            tick, self.ticked = self.ticked, asyncio.Event()
            tick.set()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> ManualClock:
    manual = ManualClock()
    monkeypatch.setattr(live_clock, "CLOCK", manual)
    return manual


@pytest.fixture
async def live_bot(clock: ManualClock, runner: Any) -> AsyncIterator[Any]:
    yield await runner.start()


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for row in message["components"] for c in row["components"]]


def answer_ids(message: dict[str, Any]) -> list[str]:
    return [b["custom_id"] for b in buttons(message) if ANSWER.fullmatch(b["custom_id"])]


def quiz_of(message: dict[str, Any]) -> str:
    match = ANSWER.fullmatch(answer_ids(message)[0])
    assert match is not None
    return match["quiz"]


async def right_choice(bot: Any, quiz_id: str) -> int:
    round_ = await bot.get_cog("LiveCog").live.round(quiz_id)
    return round_.question.question.correct


async def click(fake: FakeDiscord, message: dict[str, Any], choice: int, user: FakeUser) -> str:
    response = await fake.response(await fake.click(message, answer_ids(message)[choice], user=user))
    assert response["type"] == 4 and response["data"]["flags"] & 64, response  # private confirmation
    return str(response["data"]["content"])


async def control(fake: FakeDiscord, message: dict[str, Any], action: str, user: FakeUser) -> dict[str, Any]:
    custom_id = next(b["custom_id"] for b in buttons(message) if b["custom_id"].endswith(f":{action}"))
    return await fake.response(await fake.click(message, custom_id, user=user))


async def start_live(fake: FakeDiscord, user: FakeUser, **options: Any) -> dict[str, Any]:
    interaction = await fake.slash("quiz-live", {"kind": "image_name", "seconds": 20, **options}, user=user)
    response = await fake.response(interaction)
    assert response["type"] == 4, response
    assert not response["data"].get("flags", 0) & 64  # the question is public
    return fake.original(interaction)


def revealed(fake: FakeDiscord, message: dict[str, Any]) -> dict[str, Any] | None:
    stored = fake.messages[int(message["id"])]
    return stored if not stored["components"] and "✅" in stored["embeds"][0]["description"] else None


def question_message(fake: FakeDiscord, quiz_id: str, position: int) -> dict[str, Any] | None:
    for message in fake.channel_messages(fake.channel_id):
        ids = answer_ids(message) if message["components"] else []
        if ids and ids[0].startswith(f"lq:{quiz_id}:{position}:"):
            return message
    return None


def podium(fake: FakeDiscord) -> dict[str, Any] | None:
    for message in fake.channel_messages(fake.channel_id):
        if message["embeds"] and message["embeds"][0].get("title", "").startswith("🏁"):
            return message
    return None


async def ledger_by_user(bot: Any) -> dict[str, int]:
    async with bot.services.db.sessions() as session:
        rows = await session.execute(
            select(Learner.user_id, LedgerEntry.amount).join(Learner, Learner.id == LedgerEntry.learner_id)
        )
        totals: dict[str, int] = {}
        for user, amount in rows:
            totals[user] = totals.get(user, 0) + amount
        return totals


async def test_live_quiz_from_start_to_podium(fake: FakeDiscord, live_bot: Any, clock: ManualClock) -> None:
    carol = fake.add_user("carol")
    first = await start_live(fake, fake.owner, count=2)
    quiz_id = quiz_of(first)
    right = await right_choice(live_bot, quiz_id)
    wrong = (right + 1) % len(answer_ids(first))
    assert "Question 1/2" in first["embeds"][0]["description"]

    assert f"**{LETTERS[wrong]}** enregistrée" in await click(fake, first, wrong, fake.alice)
    clock.advance(4)
    assert "changée" in await click(fake, first, right, fake.alice)
    assert "reste" in await click(fake, first, right, fake.alice)
    clock.advance(10)
    await click(fake, first, right, fake.bob)
    await click(fake, first, wrong, fake.owner)
    clock.advance(6.5, wake=False)  # time is up, the timer has not fired yet
    assert "Trop tard" in await click(fake, first, right, carol)

    clock.advance(0)
    shown = await fake.wait_until(lambda: revealed(fake, first))
    text = shown["embeds"][0]["description"]
    assert f"{LETTERS[right]} ▓▓▓▓▓▓▓░░░ 67% (2) ✅" in text  # alice and bob; carol was late
    assert f"{LETTERS[wrong]} ▓▓▓░░░░░░░ 33% (1)" in text
    assert text.index("Alice") < text.index("Bob")  # alice answered (finally) sooner

    second = await fake.wait_until(lambda: question_message(fake, quiz_id, 1))
    right = await right_choice(live_bot, quiz_id)
    await click(fake, second, right, carol)  # joined mid-quiz
    await click(fake, second, right, fake.alice)
    await click(fake, second, (right + 1) % len(answer_ids(second)), fake.bob)
    clock.advance(20)
    await fake.wait_until(lambda: revealed(fake, second))
    final = await fake.wait_until(lambda: podium(fake))
    standings = final["embeds"][0]["description"]
    assert standings.index("Alice") < standings.index("Bob") < standings.index("Prof")
    assert "4 participant(s)" in standings

    xp = await ledger_by_user(live_bot)
    assert xp[str(fake.alice.id)] > xp[str(carol.id)] > xp[str(fake.owner.id)] == 10  # participation once
    assert not live_bot.get_cog("LiveCog").drivers
    await start_live(fake, fake.bob, count=1)  # the channel is free again


async def test_one_live_quiz_per_channel(fake: FakeDiscord, live_bot: Any) -> None:
    await start_live(fake, fake.owner, count=1)
    busy = await fake.response(await fake.slash("quiz-live", {}, user=fake.alice))
    assert busy["data"]["flags"] & 64 and "déjà en cours" in busy["data"]["content"]
    other = await fake.slash(
        "quiz-live", {"kind": "image_name"}, user=fake.alice, channel_id=fake.other_channel_id
    )
    assert (await fake.response(other))["type"] == 4


async def test_host_controls_and_no_xp_below_three(
    fake: FakeDiscord, live_bot: Any, clock: ManualClock
) -> None:
    message = await start_live(fake, fake.alice, count=3)
    quiz_id = quiz_of(message)
    refused = await control(fake, message, "skip", fake.bob)
    assert refused["data"]["flags"] & 64 and "animateur" in refused["data"]["content"]

    clock.advance(5)
    paused = await control(fake, message, "pause", fake.alice)
    assert paused["type"] == 7 and "En pause (15 s" in paused["data"]["embeds"][0]["description"]
    assert "pause" in await click(fake, message, 0, fake.bob)
    clock.advance(300)  # a long pause does not eat the question's time
    resumed = await control(fake, message, "pause", fake.alice)
    assert "Fin" in resumed["data"]["embeds"][0]["description"]
    await click(fake, message, 0, fake.bob)

    skipped = await control(fake, message, "skip", fake.owner)  # a moderator may too
    assert "passée" in skipped["data"]["content"]
    await fake.wait_until(lambda: revealed(fake, message))
    second = await fake.wait_until(lambda: question_message(fake, quiz_id, 1))
    stopped = await control(fake, second, "stop", fake.alice)
    assert "arrêté" in stopped["data"]["content"]
    final = await fake.wait_until(lambda: podium(fake))
    assert "arrêté par l'animateur" in final["embeds"][0]["description"]
    assert "Pas d'XP" in final["embeds"][0]["description"]
    assert await ledger_by_user(live_bot) == {}


async def test_restart_mid_question_resumes(fake: FakeDiscord, runner: Any, clock: ManualClock) -> None:
    bot = await runner.start()
    message = await start_live(fake, fake.owner, count=2)
    quiz_id = quiz_of(message)
    right = await right_choice(bot, quiz_id)
    for user in (fake.alice, fake.bob, fake.owner):
        await click(fake, message, right, user)
    clock.advance(5)
    bot = await runner.restart()
    note = await fake.wait_until(
        lambda: next((m for m in fake.channel_messages(fake.channel_id) if "redémarré" in m["content"]), None)
    )
    assert "question 1/2" in note["content"]
    assert "changée" in await click(fake, message, (right + 1) % 2, fake.bob)  # old buttons still work
    clock.advance(15)
    shown = await fake.wait_until(lambda: revealed(fake, message))
    assert "(2) ✅" in shown["embeds"][0]["description"]
    await fake.wait_until(lambda: question_message(fake, quiz_id, 1))


async def test_stalled_quiz_is_closed_on_restart(fake: FakeDiscord, runner: Any, clock: ManualClock) -> None:
    await runner.start()
    message = await start_live(fake, fake.owner, count=2)
    await runner.stop()
    clock.advance(3600)
    await runner.start()
    final = await fake.wait_until(lambda: podium(fake))
    assert "clos par le bot" in final["embeds"][0]["description"]
    assert any("trop longtemps" in m["content"] for m in fake.channel_messages(fake.channel_id))
    assert revealed(fake, message) is not None


async def test_quiz_is_closed_when_its_channel_is_gone(
    fake: FakeDiscord, live_bot: Any, clock: ManualClock
) -> None:
    interaction = await fake.slash(
        "quiz-live",
        {"kind": "image_name", "seconds": 20, "count": 2},
        user=fake.owner,
        channel_id=fake.other_channel_id,
    )
    await fake.response(interaction)
    quiz_id = quiz_of(fake.original(interaction))
    del fake.channels[
        fake.other_channel_id
    ]  # deleted while the quiz runs: the next question cannot be posted
    clock.advance(20)
    live = live_bot.get_cog("LiveCog").live
    for _ in range(100):
        round_ = await live.round(quiz_id)
        if round_ is not None and not round_.quiz.status.active:
            break
        await asyncio.sleep(0.02)
    assert round_ is not None and round_.quiz.status.value == "closed"
    assert not live_bot.get_cog("LiveCog").drivers
