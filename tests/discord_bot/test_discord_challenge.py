"""Weekly challenge against the fake Discord: the same questions for everyone, one attempt, its leaderboard,
and the Monday announcement with last week's podium (posted once)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from fake_discord import FakeDiscord
from fake_payloads import FakeUser

from bot.core.learners import LearnerKey
from bot.core.quiz.questions import Question

CUSTOM_ID = re.compile(r"dq:(?P<run>[0-9a-f]{32}):(?P<index>\d+):(?P<choice>\d+|ans)")


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for row in message["components"] for c in row["components"]]


def run_id_of(message: dict[str, Any]) -> str:
    match = CUSTOM_ID.fullmatch(buttons(message)[0]["custom_id"])
    assert match is not None
    return match["run"]


def typed_answer(question: Question, right: bool) -> str:
    if question.accept is not None:
        return question.accept.canonical if right else "certainement pas"
    wrong = [i for i in range(len(question.choices)) if i not in question.correct]
    if right or not wrong:
        return ",".join(str(i + 1) for i in question.correct)
    return str(wrong[0] + 1)


async def answer(
    bot: Any, fake: FakeDiscord, message: dict[str, Any], user: FakeUser, right: bool
) -> dict[str, Any]:
    """Answer the current question (right or wrong), by button or through the modal; the message after."""
    run = await bot.services.runs.get(run_id_of(message))
    question = bot.services.runs.rebuild(run, LearnerKey(str(fake.guild_id), str(user.id))).current
    ids = [b["custom_id"] for b in buttons(message)]
    if ids[0].endswith(":ans"):
        opened = await fake.click(message, ids[0], user=user)
        assert (await fake.response(opened))["type"] == 9
        response = await fake.response(
            await fake.submit_modal(opened, {"answer": typed_answer(question, right)})
        )
    else:
        choice = int(typed_answer(question, right).split(",")[0]) - 1
        response = await fake.response(await fake.click(message, ids[choice], user=user))
    assert response["type"] == 7, response
    stored = fake.messages[int(message["id"])]
    await fake.wait_until(lambda: "⏳" not in stored["embeds"][0]["description"])  # XP counted
    return stored


async def take_challenge(fake: FakeDiscord, user: FakeUser) -> dict[str, Any]:
    interaction = await fake.slash("challenge", {}, user=user)
    response = await fake.response(interaction)
    assert response["type"] == 4 and response["data"]["flags"] & 64, response
    assert "Défi de la semaine" in response["data"]["content"]
    return fake.original(interaction)


async def play_all(bot: Any, fake: FakeDiscord, message: dict[str, Any], user: FakeUser, right: int) -> None:
    """Answer every question: the first ``right`` ones correctly, the others wrong."""
    position = 0
    while buttons(message):
        message = await answer(bot, fake, message, user, position < right)
        position += 1


async def test_same_questions_one_attempt_and_leaderboard(fake: FakeDiscord, bot: Any) -> None:
    alice_message = await take_challenge(fake, fake.alice)
    bob_message = await take_challenge(fake, fake.bob)
    alice_run = await bot.services.runs.get(run_id_of(alice_message))
    bob_run = await bot.services.runs.get(run_id_of(bob_message))
    assert (alice_run.lesson, alice_run.seed, alice_run.count) == (
        bob_run.lesson,
        bob_run.seed,
        bob_run.count,
    )
    assert alice_message["embeds"][0]["description"] == bob_message["embeds"][0]["description"]

    again = await fake.response(await fake.slash("challenge", {}, user=fake.alice))
    assert again["data"]["flags"] & 64 and "déjà relevé" in again["data"]["content"]

    await play_all(bot, fake, alice_message, fake.alice, right=alice_run.count)
    await play_all(bot, fake, bob_message, fake.bob, right=1)
    board = await fake.response(await fake.slash("challenge-leaderboard", {}, user=fake.bob))
    text = board["data"]["content"]
    assert text.index("Alice") < text.index("Bob")
    assert f"{alice_run.count}/{alice_run.count}" in text


async def test_monday_announcement_with_last_weeks_podium(fake: FakeDiscord, bot: Any) -> None:
    refused = await fake.response(
        await fake.slash("settings challenge-channel", {"channel": fake.other_channel_id}, user=fake.alice)
    )
    assert "Gérer le serveur" in refused["data"]["content"]
    set_up = await fake.response(
        await fake.slash("settings challenge-channel", {"channel": fake.other_channel_id}, user=fake.owner)
    )
    assert f"<#{fake.other_channel_id}>" in set_up["data"]["content"]
    message = await take_challenge(fake, fake.alice)
    run = await bot.services.runs.get(run_id_of(message))
    await play_all(bot, fake, message, fake.alice, right=run.count)

    cog = bot.get_cog("ChallengeCog")
    now = datetime.now(UTC)
    assert await cog.announce_due(now) == 0  # this week's challenge counts as announced
    next_monday = now + timedelta(days=7 - now.weekday())
    next_monday = next_monday.replace(hour=0, minute=0, second=1)
    assert await cog.announce_due(next_monday) == 1
    assert await cog.announce_due(next_monday + timedelta(hours=1)) == 0  # once a week
    posted = fake.channel_messages(fake.other_channel_id)
    assert len(posted) == 1
    text = posted[0]["content"]
    assert "Nouveau défi" in text and "🥇 Alice" in text and f"{run.count}/{run.count}" in text
    assert fake.pings[int(posted[0]["id"])]["users"] == []
