"""The bot logs in, syncs valid commands, answers, and survives gateway outages (RESUME)."""

from __future__ import annotations

import logging

import pytest
from discord_harness import BotRunner
from fake_discord import FakeDiscord

from bot.discord_bot.bot import build_intents, create_bot
from bot.discord_bot.network import LoopbackOnlyResolver


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


def _walk(items: list[dict]) -> list[dict]:
    found = []
    for item in items:
        found.append(item)
        found += _walk([o for o in item.get("options") or [] if o.get("type") in (1, 2)])
        found += [o for o in item.get("options") or [] if o.get("type") not in (1, 2)]
    return found


async def test_synced_commands_are_localized_in_french_and_english(fake: FakeDiscord, bot) -> None:
    commands = fake.guild_commands[fake.guild_id]
    names = {c["name"] for c in commands}
    assert {
        "lessons",
        "lesson",
        "quiz",
        "xp",
        "leaderboard",
        "explain",
        "settings",
        "forget-me",
        "export-me",
    } <= names
    assert "Expliquer cette erreur" in names
    for item in _walk(commands):
        localized = item.get("name_localizations") or {}
        assert {"fr", "en-US", "en-GB"} <= set(localized), item["name"]
        if item.get("type", 1) != 3:  # context menus have no description
            assert {"en-US", "en-GB"} <= set(item.get("description_localizations") or {}), item["name"]
            assert item["description_localizations"]["en-US"] != item["description"], item["name"]
        for choice in item.get("choices") or []:
            assert "en-US" in (choice.get("name_localizations") or {}), choice["name"]
    french = {c["name_localizations"]["fr"] for c in commands}
    assert {"leçons", "classement", "expliquer", "réglages", "oublie-moi"} <= french


async def test_invalid_command_payload_is_refused_by_the_fake(fake: FakeDiscord) -> None:
    from fake_validation import check_commands

    problems = check_commands(
        [
            {"name": "Bad Name", "description": "x", "type": 1},
            {"name": "ok", "description": "", "type": 1},
            {"name": "loc", "description": "d", "name_localizations": {"fr-FR": "loc"}},
        ]
    )
    assert len(problems) == 3


async def test_token_is_never_logged(
    fake: FakeDiscord, runner: BotRunner, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await runner.start()
    await fake.response(await fake.slash("ping"))
    await fake.gateway.drop_connections()
    await fake.wait_until(lambda: fake.gateway.resume_count == 1, timeout=10)
    assert "dockcoach" in caplog.text  # debug logging was on
    assert fake.token not in caplog.text
    assert fake.token not in repr(runner.settings)


async def test_the_connector_refuses_hosts_outside_the_machine() -> None:
    resolver = LoopbackOnlyResolver()
    with pytest.raises(OSError, match="non-loopback"):
        await resolver.resolve("discord.com", 443)
    with pytest.raises(OSError):
        await resolver.resolve("cdn.discordapp.com", 443)
    assert (await resolver.resolve("localhost", 80))[0]["host"] == "127.0.0.1"
