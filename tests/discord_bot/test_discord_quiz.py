"""`/quiz` played by clicks against the fake Discord: XP in the database, restarts, strangers, double clicks,
idle timeouts, modals for answers that are not a single choice."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest
from discord_harness import BotRunner, start_quiz
from fake_discord import FakeDiscord
from fake_payloads import FakeUser
from sqlalchemy import func, select

from bot.core.learners import LearnerKey
from bot.core.quiz.questions import Question, QuestionType
from bot.storage.models import Attempt

CUSTOM_ID = re.compile(r"dq:(?P<run>[0-9a-f]{32}):(?P<index>\d+):(?P<choice>\d+|ans)")


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for row in message["components"] for c in row["components"]]


def run_id_of(message: dict[str, Any]) -> str:
    match = CUSTOM_ID.fullmatch(buttons(message)[0]["custom_id"])
    assert match is not None
    return match["run"]


async def current_question(bot, fake: FakeDiscord, message: dict[str, Any], user: FakeUser) -> Question:
    learner = LearnerKey(str(fake.guild_id), str(user.id))
    run = await bot.services.runs.get(run_id_of(message))
    question = bot.services.runs.rebuild(run, learner).current
    assert question is not None
    return question


def modal_answer(question: Question) -> str:
    if question.type is QuestionType.SHORT_ANSWER:
        assert question.accept is not None
        return question.accept.canonical
    return ",".join(str(i + 1) for i in question.correct)


async def answer_correctly(bot, fake: FakeDiscord, message: dict[str, Any], user: FakeUser) -> dict[str, Any]:
    """Answer the current question right, by button or through the modal; the updated message."""
    question = await current_question(bot, fake, message, user)
    ids = [b["custom_id"] for b in buttons(message)]
    if ids[0].endswith(":ans"):
        opened = await fake.click(message, ids[0], user=user)
        assert (await fake.response(opened))["type"] == 9
        submitted = await fake.submit_modal(opened, {"answer": modal_answer(question)})
        response = await fake.response(submitted)
    else:
        response = await fake.response(await fake.click(message, ids[question.correct[0]], user=user))
    assert response["type"] == 7, response
    return fake.messages[int(message["id"])]


async def settled_summary(fake: FakeDiscord, message: dict[str, Any]) -> str:
    """The final summary, once the XP is counted (the click is answered first, the summary edited after)."""
    stored = fake.messages[int(message["id"])]
    await fake.wait_until(lambda: "⏳" not in stored["embeds"][0]["description"])
    return stored["embeds"][0]["description"]


async def attempts(bot) -> int:
    async with bot.services.db.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(Attempt)) or 0)


async def test_whole_quiz_by_clicks_with_xp_in_database(fake: FakeDiscord, bot) -> None:
    message = await start_quiz(fake, fake.alice, kind="bank", count=20)
    kinds_seen = set()
    for _ in range(20):
        kinds_seen.add((await current_question(bot, fake, message, fake.alice)).type)
        message = await answer_correctly(bot, fake, message, fake.alice)
    assert message["components"] == []
    summary = await settled_summary(fake, message)
    assert "20/20" in summary
    profile = await bot.services.progress.profile(LearnerKey(str(fake.guild_id), str(fake.alice.id)))
    assert profile.xp > 0
    assert f"+{profile.xp} XP" in summary
    assert await attempts(bot) == 20
    assert len(kinds_seen) >= 2  # buttons and the modal were both exercised


async def test_restart_mid_quiz_old_buttons_keep_working(fake: FakeDiscord, runner: BotRunner) -> None:
    bot = await runner.start()
    message = await start_quiz(fake, fake.alice, kind="image_name", count=3)
    message = await answer_correctly(bot, fake, message, fake.alice)
    bot = await runner.restart()
    assert fake.gateway.identify_count == 2
    message = await answer_correctly(bot, fake, message, fake.alice)
    message = await answer_correctly(bot, fake, message, fake.alice)
    assert "3/3" in await settled_summary(fake, message)
    assert await attempts(bot) == 3


async def test_another_members_click_is_refused(fake: FakeDiscord, bot) -> None:
    message = await start_quiz(fake, fake.alice, kind="image_name", count=2)
    before = dict(fake.messages[int(message["id"])])
    click = await fake.click(message, buttons(message)[0]["custom_id"], user=fake.bob)
    response = await fake.response(click)
    assert response["type"] == 4 and response["data"]["flags"] & 64
    assert "/quiz" in response["data"]["content"]
    assert fake.messages[int(message["id"])]["embeds"] == before["embeds"]
    assert await attempts(bot) == 0


async def test_double_click_counts_once(fake: FakeDiscord, bot) -> None:
    message = await start_quiz(fake, fake.alice, kind="image_name", count=2)
    custom_id = buttons(message)[0]["custom_id"]
    first, second = await asyncio.gather(
        fake.click(message, custom_id, user=fake.alice), fake.click(message, custom_id, user=fake.alice)
    )
    responses = [await fake.response(first), await fake.response(second)]
    assert sorted(r["type"] for r in responses) == [4, 7]
    refused = next(r for r in responses if r["type"] == 4)
    assert refused["data"]["flags"] & 64 and "Déjà répondu" in refused["data"]["content"]
    await bot.services.runs.drain()
    assert await attempts(bot) == 1


async def test_private_quiz_is_ephemeral_and_english(fake: FakeDiscord, bot) -> None:
    interaction = await fake.slash(
        "quiz", {"private": True, "kind": "image_name"}, user=fake.alice, locale="en-US"
    )
    response = await fake.response(interaction)
    assert response["data"]["flags"] & 64
    assert "Question 1/5" in response["data"]["embeds"][0]["description"]


async def test_idle_quiz_times_out_and_buttons_are_disabled(fake: FakeDiscord, runner: BotRunner) -> None:
    await runner.start(quiz_idle_seconds=0.3)
    message = await start_quiz(fake, fake.alice, kind="image_name", count=2)
    stored = fake.messages[int(message["id"])]
    await fake.wait_until(lambda: all(b.get("disabled") for b in buttons(stored)), timeout=3)
    assert "expiré" in stored["embeds"][0]["footer"]["text"]
    with pytest.raises(AssertionError, match="disabled"):
        await fake.click(stored, buttons(stored)[0]["custom_id"], user=fake.alice)


async def test_unknown_lesson_is_a_clear_message(fake: FakeDiscord, bot) -> None:
    response = await fake.response(await fake.slash("quiz", {"lesson": "99-nope"}, user=fake.alice))
    assert response["data"]["flags"] & 64
    assert "99-nope" in response["data"]["content"]


async def test_quiz_rate_limit_per_user(fake: FakeDiscord, bot) -> None:
    for _ in range(3):
        await start_quiz(fake, fake.alice, kind="image_name", count=1)
    limited = await fake.response(await fake.slash("quiz", user=fake.alice))
    assert limited["data"]["flags"] & 64 and "Réessaie" in limited["data"]["content"]
    await start_quiz(fake, fake.bob, kind="image_name", count=1)  # others are not affected


async def test_lesson_autocomplete(fake: FakeDiscord, bot) -> None:
    interaction = await fake.slash("quiz", {"lesson": "regis"}, user=fake.alice, focused="lesson")
    response = await fake.response(interaction)
    assert response["type"] == 8
    assert [c["value"] for c in response["data"]["choices"]] == ["10-registries"]
