"""`dockcoach run` and `dockcoach sync` pointed at the fake Discord through DISCORD_API_BASE/GATEWAY_URL."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from discord_harness import start_quiz
from fake_discord import FakeDiscord

from bot.cli import main
from bot.discord_bot.launcher import IntentsRefusedError, serve, sync_commands
from bot.discord_bot.network import loopback_connector
from bot.settings import Settings


async def test_sync_to_one_guild_then_globally(fake: FakeDiscord, settings: Settings) -> None:
    synced = await sync_commands(settings, fake.guild_id, connector=loopback_connector())
    assert "quiz" in synced
    assert {c["name"] for c in fake.guild_commands[fake.guild_id]} == set(synced)
    await sync_commands(settings, None, connector=loopback_connector())
    assert {c["name"] for c in fake.global_commands} == set(synced)
    assert fake.gateway.identify_count == 0  # syncing needs no gateway connection


async def test_run_syncs_and_plays_a_whole_quiz_then_stops(fake: FakeDiscord, settings: Settings) -> None:
    stop = asyncio.Event()
    task = asyncio.create_task(serve(settings, stop=stop, connector=loopback_connector()))
    await fake.wait_until(lambda: fake.gateway.identify_count == 1 and fake.guild_commands, timeout=10)
    await asyncio.sleep(0.1)  # GUILD_CREATE handled
    message = await start_quiz(fake, fake.alice, kind="image_name", count=2)
    for _ in range(2):
        message = await _answer_first_button(fake, message)
    assert message["components"] == []
    await fake.wait_until(lambda: "XP." in fake.messages[int(message["id"])]["embeds"][0]["description"])
    stop.set()
    await asyncio.wait_for(task, 10)


async def _answer_first_button(fake: FakeDiscord, message: dict) -> dict:
    custom_id = message["components"][0]["components"][0]["custom_id"]
    response = await fake.response(await fake.click(message, custom_id, user=fake.alice))
    assert response["type"] == 7
    return fake.messages[int(message["id"])]


async def test_run_reports_a_refused_message_content_intent(fake: FakeDiscord, settings: Settings) -> None:
    fake.allow_privileged_intents = False
    with pytest.raises(IntentsRefusedError):
        await asyncio.wait_for(serve(settings, connector=loopback_connector()), 10)


async def test_sync_prints_what_it_synced(
    fake: FakeDiscord, settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("discord_token", "database_url", "discord_api_base", "discord_gateway_url"):
        value = getattr(settings, name)
        monkeypatch.setenv(
            name.upper(), value.get_secret_value() if hasattr(value, "get_secret_value") else value
        )
    # The CLI runs its own event loop: in a thread, while this loop serves the fake.
    assert await asyncio.to_thread(main, ["sync", "--guild", str(fake.guild_id)]) == 0
    assert f"to server {fake.guild_id}" in capsys.readouterr().out
    assert fake.guild_commands[fake.guild_id]


def test_run_without_token_explains(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DISCORD_TOKEN", "")
    assert main(["run"]) == 2
    assert "DISCORD_TOKEN" in capsys.readouterr().err
