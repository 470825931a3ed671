"""`/lessons` with the learner's progress and `/lesson` with autocomplete."""

from __future__ import annotations

from datetime import UTC, datetime

from fake_discord import FakeDiscord

from bot.core.learners import LearnerKey


async def test_lessons_lists_the_course_with_progress(fake: FakeDiscord, bot) -> None:
    before = await fake.response(await fake.slash("lessons", user=fake.alice))
    line = before["data"]["embeds"][0]["description"]
    assert "Docker Hub" in line and "✅" not in line
    learner = LearnerKey(str(fake.guild_id), str(fake.alice.id), "alice")
    await bot.services.progress.record_completion(
        learner,
        source_key="t",
        lesson="10-registries",
        score=4,
        total=5,
        xp_reward=100,
        finished_at=datetime.now(UTC),
    )
    after = await fake.response(await fake.slash("lessons", user=fake.alice))
    assert "✅ 4/5" in after["data"]["embeds"][0]["description"]


async def test_lesson_details(fake: FakeDiscord, bot) -> None:
    response = await fake.response(await fake.slash("lesson", {"lesson": "10-registries"}, user=fake.alice))
    embed = response["data"]["embeds"][0]
    names = [field["name"] for field in embed["fields"]]
    assert names == ["Objectifs", "Durée", "Récompense", "Sections"]
    assert "10.1" in embed["fields"][3]["value"]


async def test_unknown_lesson(fake: FakeDiscord, bot) -> None:
    response = await fake.response(
        await fake.slash("lesson", {"lesson": "nope"}, user=fake.alice, locale="en-US")
    )
    assert response["data"]["flags"] & 64 and "Unknown lesson" in response["data"]["content"]
