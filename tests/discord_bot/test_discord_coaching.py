"""Coaching commands against the fake Discord: /rank and /progress pictures, /review serving a card missed in
/quiz, /remind and the reminder loop (one DM when reviews are due, none when DMs are closed), /next, and
/class report refused to members without Manage Server."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from discord_harness import ErrorCollector, _cancel_leftover_tasks
from fake_dms import DMFakeDiscord
from fake_payloads import FakeUser
from PIL import Image

from bot.core.coaching.families import family_of
from bot.core.learners import LearnerKey
from bot.core.pictures import CHART_WIDTH, RANK_CARD_SIZE, chart_height
from bot.core.quiz.questions import Question, QuestionType
from bot.core.text import Lang
from bot.discord_bot.coaching_render import report_reply

REVIEW_ID = "rv:"


@pytest.fixture
async def fake(errors: ErrorCollector) -> AsyncIterator[DMFakeDiscord]:
    """The strict fake with direct messages; same end-of-test checks as the shared fixture."""
    loop = asyncio.get_running_loop()
    loop_errors: list[dict[str, Any]] = []
    loop.set_exception_handler(lambda _loop, context: loop_errors.append(context))
    server = await DMFakeDiscord().start()
    yield server
    await server.close()
    stragglers = await _cancel_leftover_tasks()
    assert stragglers == [], f"tasks that ignore cancellation: {stragglers}"
    assert server.unknown_routes == [], f"routes Discord does not have: {server.unknown_routes}"
    assert server.problems == [], "Discord would have refused:\n" + "\n".join(server.problems)
    assert [i.id for i in server.unanswered()] == [], "interactions never answered"
    assert errors.describe() == [], "errors were logged"
    assert loop_errors == [], f"unhandled errors in the event loop: {loop_errors}"


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for row in message["components"] for c in row["components"]]


def learner(fake: DMFakeDiscord, user: FakeUser) -> LearnerKey:
    return LearnerKey(str(fake.guild_id), str(user.id))


def wrong_text(question: Question) -> str:
    if question.type is QuestionType.SHORT_ANSWER:
        return "certainement pas"
    if question.type is QuestionType.ORDERING:
        return ",".join(str(i + 1) for i in reversed(question.correct))
    return str(next(i for i in range(len(question.choices)) if i not in question.correct) + 1)


async def answer(fake: DMFakeDiscord, message: dict[str, Any], question: Question, *, right: bool) -> dict:
    """Answer by button (the right or a wrong choice) or through the modal; the callback."""
    ids = [b["custom_id"] for b in buttons(message)]
    if ids[0].endswith(":ans"):
        opened = await fake.click(message, ids[0], user=fake.alice)
        assert (await fake.response(opened))["type"] == 9
        text = ",".join(str(i + 1) for i in question.correct) if right else wrong_text(question)
        if right and question.type is QuestionType.SHORT_ANSWER:
            assert question.accept is not None
            text = question.accept.canonical
        return await fake.response(await fake.submit_modal(opened, {"answer": text}))
    choice = question.correct[0] if right else int(wrong_text(question)) - 1
    return await fake.response(await fake.click(message, ids[choice], user=fake.alice))


async def miss_one_quiz_question(bot, fake: DMFakeDiscord) -> Question:
    """Alice takes a one-question quiz and gets it wrong; returns the question once its review is stored."""
    interaction = await fake.slash("quiz", {"count": 1}, user=fake.alice)
    assert (await fake.response(interaction))["type"] == 4
    message = fake.original(interaction)
    run_id = buttons(message)[0]["custom_id"].split(":")[1]
    run = await bot.services.runs.get(run_id)
    question = bot.services.runs.rebuild(run, learner(fake, fake.alice)).current
    assert (await answer(fake, message, question, right=False))["type"] == 7
    stored = fake.messages[int(message["id"])]
    await fake.wait_until(lambda: "⏳" not in stored["embeds"][0]["description"])  # quiz settled
    await bot.services.runs.drain()
    return question


def png_of(fake: DMFakeDiscord, message: dict[str, Any], name: str) -> Image.Image:
    stored = {f.filename: f.content for f in fake.files[int(message["id"])]}
    image = Image.open(io.BytesIO(stored[name]))
    image.load()
    assert image.format == "PNG"
    return image


async def test_rank_and_progress_send_decodable_pictures(fake: DMFakeDiscord, bot) -> None:
    await miss_one_quiz_question(bot, fake)
    rank = await fake.slash("rank", user=fake.alice)
    assert (await fake.response(rank))["type"] == 5
    message = await fake.settled(rank)
    assert png_of(fake, message, "rank.png").size == RANK_CARD_SIZE
    embed = message["embeds"][0]
    assert embed["image"]["url"] == "attachment://rank.png"
    assert "alice" in embed["description"].lower() and "XP" in embed["description"]  # text fallback

    progress = await fake.slash("progress", user=fake.alice, locale="en-US")
    message = await fake.settled(progress)
    assert message["flags"] & 64  # only for the learner
    objectives = sum(len(x.meta.objectives) for x in bot.services.quiz.content.lessons.values())
    assert png_of(fake, message, "progress.png").size == (CHART_WIDTH, chart_height(objectives))
    description = message["embeds"][0]["description"]
    assert "%" in description and "Your mastery" in message["embeds"][0]["title"]


async def test_rank_of_another_member(fake: DMFakeDiscord, bot) -> None:
    interaction = await fake.slash("rank", {"member": str(fake.bob.id)}, user=fake.alice)
    message = await fake.settled(interaction)
    assert "bob" in message["embeds"][0]["description"].lower()
    assert png_of(fake, message, "rank.png").size == RANK_CARD_SIZE


async def test_review_serves_the_card_missed_in_a_quiz(fake: DMFakeDiscord, bot) -> None:
    missed = await miss_one_quiz_question(bot, fake)
    cog = bot.get_cog("CoachingCog")
    cog.clock = lambda: datetime.now(UTC) + timedelta(days=1)
    interaction = await fake.slash("review", user=fake.alice)
    assert (await fake.response(interaction))["type"] == 5
    message = await fake.settled(interaction)
    assert message["flags"] & 64
    assert "1 à revoir" in message["embeds"][0]["description"]
    session_id = buttons(message)[0]["custom_id"].split(":")[1]
    assert all(b["custom_id"].startswith(f"{REVIEW_ID}{session_id}:0:") for b in buttons(message))
    session = cog.reviews.get(session_id, learner(fake, fake.alice))
    first = session.current.question
    assert family_of(first) == family_of(missed)  # the due card comes first, with a fresh question

    stranger = await fake.click(message, buttons(message)[0]["custom_id"], user=fake.bob)
    assert "quelqu'un d'autre" in (await fake.response(stranger))["data"]["content"]

    assert (await answer(fake, message, first, right=True))["type"] == 7
    edited = fake.messages[int(message["id"])]
    assert "✅" in edited["embeds"][0]["description"]
    assert session.position == 1 and session.score == 1
    if session.finished:
        assert edited["components"] == []
    else:
        assert all(f":{session_id}:1:" in b["custom_id"] for b in buttons(edited))


async def test_review_with_nothing_due_says_when(fake: DMFakeDiscord, bot) -> None:
    await miss_one_quiz_question(bot, fake)
    cog = bot.get_cog("CoachingCog")
    cog.clock = lambda: datetime.now(UTC) + timedelta(days=1)
    cog.coaching.policy = type(cog.coaching.policy)(daily_review_cap=0, daily_new_cap=0)
    message = await fake.settled(await fake.slash("review", user=fake.alice))
    assert "révisions du jour" in message["content"]


async def reminder_time(bot, fake: DMFakeDiscord, after: datetime, hour: int) -> datetime:
    status = await bot.get_cog("CoachingCog").reminders.status(learner(fake, fake.alice))
    local = (after + timedelta(days=1)).astimezone(ZoneInfo(status.timezone))
    return local.replace(hour=hour, minute=30, second=0, microsecond=0).astimezone(UTC)


async def test_remind_on_then_the_loop_sends_exactly_one_dm(fake: DMFakeDiscord, bot) -> None:
    await miss_one_quiz_question(bot, fake)
    cog = bot.get_cog("CoachingCog")
    frozen = datetime.now(UTC)
    cog.clock = lambda: frozen
    interaction = await fake.slash("remind", {"mode": "on", "hour": 18}, user=fake.alice)
    assert "Rappels activés vers 18 h" in (await fake.response(interaction))["data"]["content"]
    later = await reminder_time(bot, fake, frozen, 18)
    cog.clock = lambda: later
    cog._wake.set()  # what /remind does: the loop looks again
    await fake.wait_until(lambda: fake.dms_to(fake.alice.id))
    dms = fake.dms_to(fake.alice.id)
    assert len(dms) == 1 and "révision" in dms[0].content and "/review" in dms[0].content
    assert await cog.send_reminders(later + timedelta(hours=2)) == 0  # at most one a day
    await asyncio.sleep(0.05)
    assert len(fake.direct_messages) == 1

    status = await fake.response(await fake.slash("remind", user=fake.alice))
    assert "Rappels activés" in status["data"]["content"]
    off = await fake.response(await fake.slash("remind", {"mode": "off"}, user=fake.alice))
    assert "désactivés" in off["data"]["content"]
    moved = await fake.response(await fake.slash("remind", {"hour": 7}, user=fake.alice, locale="en-US"))
    assert "Reminders on, around 7:00" in moved["data"]["content"]


async def test_closed_dms_switch_reminders_off(fake: DMFakeDiscord, bot) -> None:
    await miss_one_quiz_question(bot, fake)
    cog = bot.get_cog("CoachingCog")
    frozen = datetime.now(UTC)
    cog.clock = lambda: frozen
    await fake.response(await fake.slash("remind", {"mode": "on", "hour": 18}, user=fake.alice))
    await cog.cog_unload()  # stop the loop: this test drives its step alone
    fake.closed_dms.add(fake.alice.id)
    later = await reminder_time(bot, fake, frozen, 18)
    cog.clock = lambda: later
    assert await cog.send_reminders(later) == 0
    assert fake.direct_messages == []
    status = await cog.reminders.status(learner(fake, fake.alice))
    assert not status.enabled


async def test_next_says_what_to_do(fake: DMFakeDiscord, bot) -> None:
    await miss_one_quiz_question(bot, fake)
    cog = bot.get_cog("CoachingCog")
    cog.clock = lambda: datetime.now(UTC) + timedelta(days=1)
    response = await fake.response(await fake.slash("next", user=fake.alice))
    assert response["type"] == 4 and response["data"]["flags"] & 64
    lessons = list(bot.services.quiz.content.lessons.values())
    expected = await cog.coaching.next_step(learner(fake, fake.alice), lessons=lessons, now=cog.clock())
    assert expected.what.fr[:40] in response["data"]["embeds"][0]["description"]


async def test_class_report_needs_manage_server(fake: DMFakeDiscord, bot) -> None:
    await miss_one_quiz_question(bot, fake)
    refused = await fake.response(await fake.slash("class report", user=fake.alice))
    assert "Gérer le serveur" in refused["data"]["content"]
    interaction = await fake.slash("class report", user=fake.owner)
    message = await fake.settled(interaction)
    assert message["flags"] & 64
    assert "Rapport de classe — toutes les leçons (1 apprenants)" in message["content"]
    assert message["content"].startswith("```") and "Familles de questions" in message["content"]


async def test_commands_are_localized(fake: DMFakeDiscord, bot) -> None:
    commands = {c["name"]: c for c in fake.commands_for(fake.guild_id)}
    for name, french in (("review", "réviser"), ("progress", "progression"), ("remind", "rappels")):
        assert commands[name]["name_localizations"]["fr"] == french
        assert commands[name]["description_localizations"]["en-US"]
    assert str(commands["class"]["default_member_permissions"]) == "32"  # Manage Server


def test_a_long_report_becomes_files() -> None:
    short, none = report_reply("Rapport\n```oops```", "{}", 2, 0, Lang.FR)
    assert none == [] and short.startswith("```\n") and short.count("```") == 2
    content, files = report_reply("ligne\n" * 500, '{"learners": 40}', 40, 3, Lang.EN)
    assert "40 learners, 3 question family" in content
    assert [f.filename for f in files] == ["class-report.txt", "class-report.json"]


async def test_review_buttons_after_a_restart_say_it_expired(fake: DMFakeDiscord, bot, runner) -> None:
    await miss_one_quiz_question(bot, fake)
    bot.get_cog("CoachingCog").clock = lambda: datetime.now(UTC) + timedelta(days=1)
    message = await fake.settled(await fake.slash("review", user=fake.alice))
    await runner.restart()
    click = await fake.click(message, buttons(message)[0]["custom_id"], user=fake.alice)
    response = await fake.response(click)
    assert response["data"]["flags"] & 64 and "expiré" in response["data"]["content"]
    again = await fake.settled(await fake.slash("review", user=fake.alice))
    assert buttons(again)  # /review plans the same cards again
