"""`/settings` (Manage Server, checked server-side), `/xp`, `/leaderboard`, `/forget-me`, `/export-me`."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from fake_discord import FakeDiscord

from bot.core.learners import LearnerKey


async def test_settings_refused_without_manage_server(fake: FakeDiscord, bot) -> None:
    interaction = await fake.slash(
        "settings explain-channel add", {"channel": fake.channel_id}, user=fake.alice
    )
    response = await fake.response(interaction)
    assert response["data"]["flags"] & 64
    assert "Gérer le serveur" in response["data"]["content"]
    settings = await bot.services.communities.get(str(fake.guild_id))
    assert settings.explain_channels == ()


async def test_settings_explain_channels_add_list_remove(fake: FakeDiscord, bot) -> None:
    owner, guild = fake.owner, str(fake.guild_id)
    add = await fake.slash("settings explain-channel add", {"channel": fake.channel_id}, user=owner)
    assert f"<#{fake.channel_id}>" in (await fake.response(add))["data"]["content"]
    assert await bot.services.communities.is_explain_channel(guild, fake.channel_id)
    listing = await fake.slash("settings explain-channel list", user=owner, locale="en-GB")
    assert (await fake.response(listing))["data"]["content"] == f"Explain channels: <#{fake.channel_id}>"
    remove = await fake.slash("settings explain-channel remove", {"channel": fake.channel_id}, user=owner)
    await fake.response(remove)
    assert not await bot.services.communities.is_explain_channel(guild, fake.channel_id)


async def test_settings_timezone_and_locale(fake: FakeDiscord, bot) -> None:
    bad = await fake.slash("settings timezone", {"zone": "Mars/Olympus"}, user=fake.owner)
    assert "Fuseau horaire inconnu" in (await fake.response(bad))["data"]["content"]
    good = await fake.slash("settings timezone", {"zone": "Europe/Paris"}, user=fake.owner)
    assert "Europe/Paris" in (await fake.response(good))["data"]["content"]
    locale = await fake.slash("settings locale", {"language": "en"}, user=fake.owner)
    await fake.response(locale)
    settings = await bot.services.communities.get(str(fake.guild_id))
    assert (settings.timezone, settings.locale.value) == ("Europe/Paris", "en")


async def _give_xp(bot, fake: FakeDiscord, user, amount: int) -> None:
    learner = LearnerKey(str(fake.guild_id), str(user.id), user.username)
    await bot.services.progress.award(
        learner, amount=amount, reason="test", source_key=f"test-{user.id}", at=datetime.now(UTC)
    )


async def test_xp_and_leaderboard(fake: FakeDiscord, bot) -> None:
    await _give_xp(bot, fake, fake.alice, 120)
    await _give_xp(bot, fake, fake.bob, 40)
    mine = await fake.response(await fake.slash("xp", user=fake.alice))
    assert "120 XP" in mine["data"]["embeds"][0]["description"]
    theirs = await fake.response(await fake.slash("xp", {"member": fake.bob.id}, user=fake.alice))
    assert "40 XP" in theirs["data"]["embeds"][0]["description"]
    board = await fake.response(await fake.slash("leaderboard", {"period": "all"}, user=fake.bob))
    embed = board["data"]["embeds"][0]
    assert embed["description"].index("alice") < embed["description"].index("bob")
    assert embed["footer"]["text"] == "Toi : #2 (40 XP)"


async def test_export_me_sends_json_file(fake: FakeDiscord, bot) -> None:
    await _give_xp(bot, fake, fake.alice, 30)
    interaction = await fake.slash("export-me", user=fake.alice)
    response = await fake.response(interaction)
    assert response["data"]["flags"] & 64
    stored = fake.files[interaction.original_id]  # type: ignore[index]
    data = json.loads(stored[0].content)
    assert stored[0].filename == "dockcoach-export.json"
    assert data["user"] == str(fake.alice.id)
    assert data["tables"]


async def test_forget_me_asks_then_deletes(fake: FakeDiscord, bot) -> None:
    await _give_xp(bot, fake, fake.alice, 30)
    ask = await fake.slash("forget-me", user=fake.alice)
    await fake.response(ask)
    message = fake.original(ask)
    cancel = await fake.click(message, "forget:no", user=fake.alice)
    assert (await fake.response(cancel))["data"]["content"] == "Rien n'a été effacé."
    ask = await fake.slash("forget-me", user=fake.alice)
    await fake.response(ask)
    confirm = await fake.click(fake.original(ask), "forget:yes", user=fake.alice)
    assert (await fake.response(confirm))["data"]["components"] == []
    profile = await bot.services.progress.profile(LearnerKey(str(fake.guild_id), str(fake.alice.id)))
    assert profile.xp == 0


async def test_an_unexpected_error_gets_an_apology_not_a_traceback(fake: FakeDiscord, bot, errors) -> None:
    async def broken(*_args, **_kwargs):
        raise RuntimeError("boom: internal detail")

    bot.services.leaderboard.leaderboard = broken
    response = await fake.response(await fake.slash("leaderboard", user=fake.alice))
    assert response["data"]["flags"] & 64
    assert response["data"]["content"].startswith("Oups")
    assert "boom" not in str(response) and "Traceback" not in str(response)
    assert [r.name for r in errors.records] == ["bot.discord_bot.errors"]  # logged once, with its traceback
    assert errors.records[0].exc_info is not None
    errors.records.clear()
