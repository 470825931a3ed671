"""Level roles against the fake Discord: tiers set by admins only, the role granted on a live-quiz level-up
(with its announcement), a full sync after XP changes (keeping or replacing previous tiers), and roles the
bot may not manage reported clearly to the admins."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from fake_discord import FakeDiscord
from test_discord_live import ManualClock, click, podium, right_choice, start_live

from bot.core.learners import LearnerKey
from bot.discord_bot import live_clock


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> ManualClock:
    manual = ManualClock()
    monkeypatch.setattr(live_clock, "CLOCK", manual)
    return manual


@pytest.fixture
def roles(fake: FakeDiscord) -> dict[str, dict[str, Any]]:
    return {
        "debutant": fake.add_role("Débutant", position=1),
        "confirme": fake.add_role("Confirmé", position=2),
        "admin": fake.add_role("Au-dessus du bot", position=20),
    }


async def admin(fake: FakeDiscord, command: str, options: dict[str, Any] | None = None) -> str:
    interaction = await fake.slash(f"settings {command}", options or {}, user=fake.owner)
    if (await fake.response(interaction))["type"] == 5:  # deferred: the followup replaces "thinking…"
        return str((await fake.settled(interaction))["content"])
    return str(interaction.callback["data"]["content"])  # type: ignore[index]


async def give_xp(bot: Any, fake: FakeDiscord, user: Any, amount: int) -> None:
    learner = LearnerKey(str(fake.guild_id), str(user.id), user.username)
    await bot.services.progress.award(
        learner, amount=amount, reason="import", source_key=f"import:{user.id}:{amount}", at=datetime.now(UTC)
    )


async def test_only_admins_set_level_roles(fake: FakeDiscord, roles: dict[str, Any], bot: Any) -> None:
    refused = await fake.response(
        await fake.slash(
            "settings level-role add", {"level": 1, "role": roles["debutant"]["id"]}, user=fake.alice
        )
    )
    assert refused["data"]["flags"] & 64 and "Gérer le serveur" in refused["data"]["content"]
    text = await admin(fake, "level-role add", {"level": 1, "role": roles["debutant"]["id"]})
    assert f"Niveau 1 → <@&{roles['debutant']['id']}>" in text and "⚠️" not in text
    await admin(fake, "level-role add", {"level": 3, "role": roles["confirme"]["id"]})
    listed = await admin(fake, "level-role list")
    assert listed.index("1 → ") < listed.index("3 → ")
    assert "pas un rôle" in await admin(fake, "level-role remove", {"role": roles["admin"]["id"]})
    assert "n'est plus" in await admin(fake, "level-role remove", {"role": roles["confirme"]["id"]})
    assert roles["confirme"]["id"] not in await admin(fake, "level-role list")


async def test_level_up_in_a_live_quiz_grants_the_role(
    fake: FakeDiscord, roles: dict[str, Any], clock: ManualClock, runner: Any
) -> None:
    bot = await runner.start()
    await admin(fake, "level-role add", {"level": 1, "role": roles["debutant"]["id"]})
    await admin(fake, "level-announce", {"mode": "chosen", "channel": fake.other_channel_id})
    await give_xp(bot, fake, fake.alice, 95)  # 5 XP short of level 1
    message = await start_live(fake, fake.owner, count=1)
    right = await right_choice(bot, message["components"][0]["components"][0]["custom_id"].split(":")[1])
    for user in (fake.alice, fake.bob, fake.owner):
        await click(fake, message, right, user)
    clock.advance(20)
    await fake.wait_until(lambda: podium(fake))
    await fake.wait_until(lambda: int(roles["debutant"]["id"]) in fake.roles_of(fake.alice))
    assert fake.roles_of(fake.bob) == set()  # bob is not level 1 yet
    announce = await fake.wait_until(lambda: next(iter(fake.channel_messages(fake.other_channel_id)), None))
    assert f"<@{fake.alice.id}>" in announce["content"] and "niveau **1**" in announce["content"]
    assert fake.pings[int(announce["id"])]["users"] == [str(fake.alice.id)]
    assert await bot.get_cog("LevelRolesCog").watch_level_ups() == 0  # the live quiz already reported it
    assert len(fake.channel_messages(fake.other_channel_id)) == 1


async def test_level_ups_outside_live_quizzes_are_watched(
    fake: FakeDiscord, roles: dict[str, Any], bot: Any
) -> None:
    debutant = int(roles["debutant"]["id"])
    await admin(fake, "level-role add", {"level": 1, "role": debutant})
    await admin(fake, "level-announce", {"mode": "chosen", "channel": fake.other_channel_id})
    cog = bot.get_cog("LevelRolesCog")
    await give_xp(bot, fake, fake.alice, 60)
    assert await cog.watch_level_ups() == 0  # not level 1 yet
    await give_xp(bot, fake, fake.alice, 50)  # e.g. an import or an admin award: level 1
    await give_xp(bot, fake, fake.bob, 20)
    assert await cog.watch_level_ups() == 1
    assert fake.roles_of(fake.alice) == {debutant} and fake.roles_of(fake.bob) == set()
    posted = fake.channel_messages(fake.other_channel_id)
    assert len(posted) == 1 and f"<@{fake.alice.id}>" in posted[0]["content"]
    assert await cog.watch_level_ups() == 0


async def test_channel_mode_announces_in_the_channel_of_the_latest_quiz(
    fake: FakeDiscord, roles: dict[str, Any], bot: Any
) -> None:
    await admin(fake, "level-announce", {"mode": "channel"})
    started = await fake.response(await fake.slash("quiz", user=fake.alice, channel_id=fake.other_channel_id))
    assert started["type"] == 4  # the quiz runs in the other channel
    await give_xp(bot, fake, fake.alice, 150)  # e.g. solo quiz answers: level 1
    await give_xp(bot, fake, fake.bob, 150)  # never played a quiz: no channel to announce in
    cog = bot.get_cog("LevelRolesCog")
    assert await cog.watch_level_ups() == 2
    posted = [m for m in fake.channel_messages(fake.other_channel_id) if "niveau **1**" in m["content"]]
    assert len(posted) == 1 and f"<@{fake.alice.id}>" in posted[0]["content"]
    assert not any("niveau **1**" in m["content"] for m in fake.channel_messages(fake.channel_id))
    assert await cog.watch_level_ups() == 0


async def test_sync_after_xp_changes(fake: FakeDiscord, roles: dict[str, Any], bot: Any) -> None:
    debutant, confirme = int(roles["debutant"]["id"]), int(roles["confirme"]["id"])
    await admin(fake, "level-role add", {"level": 1, "role": debutant})
    await admin(fake, "level-role add", {"level": 2, "role": confirme})
    await give_xp(bot, fake, fake.bob, 300)  # level 2
    await give_xp(bot, fake, fake.alice, 120)  # level 1
    assert "2 membre(s), 3 rôle(s) donné(s), 0 retiré(s)" in await admin(fake, "level-role sync")
    assert fake.roles_of(fake.bob) == {debutant, confirme}
    assert fake.roles_of(fake.alice) == {debutant}
    assert "retiré" in await admin(fake, "level-role remove-previous", {"enabled": True})
    assert "0 rôle(s) donné(s), 1 retiré(s)" in await admin(fake, "level-role sync")
    assert fake.roles_of(fake.bob) == {confirme}
    assert "0 rôle(s) donné(s), 0 retiré(s)" in await admin(fake, "level-role sync")  # nothing left to do


async def test_missing_permissions_are_reported_to_admins(
    fake: FakeDiscord, roles: dict[str, Any], bot: Any
) -> None:
    above = roles["admin"]["id"]
    await admin(fake, "level-role add", {"level": 1, "role": above})
    await give_xp(bot, fake, fake.alice, 150)
    cog = bot.get_cog("LevelRolesCog")
    bot.dispatch("dockcoach_level_up", _level_up(fake, fake.alice, 1))  # a level-up the bot cannot reward
    await fake.wait_until(lambda: cog.last_problem.get(str(fake.guild_id)) == above)
    listed = await admin(fake, "level-role list")
    assert "Dernier problème" in listed and f"Je ne peux pas gérer <@&{above}>" in listed
    text = await admin(fake, "level-role sync")
    assert "0 rôle(s) donné(s)" in text and f"Je ne peux pas gérer <@&{above}>" in text
    assert "Gérer les rôles" in text
    fake.bot_can_manage_roles = False
    warned = await admin(fake, "level-role add", {"level": 2, "role": roles["debutant"]["id"]})
    assert "⚠️" in warned and "Gérer les rôles" in warned
    assert fake.roles_of(fake.alice) == set()


def _level_up(fake: FakeDiscord, user: Any, level: int) -> Any:
    from bot.core.level_roles import LevelUp

    return LevelUp(str(fake.guild_id), str(user.id), level, str(fake.channel_id))
