"""The bot logs in, syncs valid commands, answers, and survives gateway outages (RESUME)."""

from __future__ import annotations

import pytest
from conftest import BotRunner
from fake_discord import FakeDiscord

from bot.discord_bot.bot import build_intents, create_bot


async def test_ready_and_ping_round_trip(fake: FakeDiscord, bot) -> None:
    assert fake.gateway.identify_count == 1
    interaction = await fake.slash("ping")
    response = await fake.response(interaction)
    assert response["type"] == 4
    assert response["data"]["content"].startswith("Pong")
    assert response["data"]["flags"] & 64  # ephemeral


async def test_english_user_gets_english(fake: FakeDiscord, bot) -> None:
    interaction = await fake.slash("ping", locale="en-US")
    response = await fake.response(interaction)
    assert response["data"]["content"].startswith("Pong!")


async def test_commands_synced_to_dev_guild_only(fake: FakeDiscord, bot) -> None:
    assert [guild for guild, _ in fake.sync_requests] == [fake.guild_id]
    assert fake.global_commands == []


async def test_gateway_disconnect_then_resume(fake: FakeDiscord, runner: BotRunner, bot) -> None:
    await fake.gateway.drop_connections(code=4000)
    # An interaction sent while the socket is down is replayed on RESUME.
    interaction = await fake.slash("ping")
    await fake.wait_until(lambda: fake.gateway.resume_count == 1, timeout=10)
    response = await fake.response(interaction, timeout=3)
    assert response["type"] == 4
    assert fake.gateway.identify_count == 1
    runner.assert_connected()


async def test_reconnect_request_resumes(fake: FakeDiscord, runner: BotRunner, bot) -> None:
    await fake.gateway.request_reconnect()
    await fake.wait_until(lambda: fake.gateway.resume_count == 1, timeout=10)
    response = await fake.response(await fake.slash("ping"))
    assert response["type"] == 4
    runner.assert_connected()


async def test_only_synced_commands_can_be_invoked(fake: FakeDiscord, bot) -> None:
    with pytest.raises(AssertionError, match="not synced"):
        await fake.slash("does-not-exist")


async def test_intents_are_minimal() -> None:
    quiet = build_intents(message_content=False)
    assert not quiet.message_content and not quiet.members and not quiet.presences
    assert build_intents(message_content=True).message_content


async def test_identify_sends_configured_intents(fake: FakeDiscord, runner: BotRunner) -> None:
    await runner.start(explain_on_paste=False)
    session = fake.gateway.live_sessions()[0]
    assert session.intents == build_intents(message_content=False).value


async def test_sharded_bot_serves_its_shard(fake: FakeDiscord, runner: BotRunner) -> None:
    # Several processes split the shards (SHARD_IDS); this one holds the shard of the test guild.
    # (Identifying a second shard in one process waits 5 s: discord.py honours Discord's identify limit.)
    shard = (fake.guild_id >> 22) % 2
    bot = await runner.start(shard_count=2, shard_ids=[shard])
    assert [s.shard for s in fake.gateway.live_sessions()] == [(shard, 2)]
    assert bot.shard_count == 2
    response = await fake.response(await fake.slash("ping"))
    assert response["type"] == 4


def test_shard_ids_must_fit_shard_count(settings) -> None:
    with pytest.raises(ValueError, match="SHARD_IDS"):
        create_bot(settings.model_copy(update={"shard_count": 2, "shard_ids": [2]}))
    with pytest.raises(ValueError, match="SHARD_COUNT"):
        create_bot(settings.model_copy(update={"shard_ids": [0]}))
