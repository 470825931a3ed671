"""`/explain`, the « Expliquer cette erreur » message menu and explain-on-paste, against the fake Discord."""

from __future__ import annotations

import asyncio
from typing import Any

from fake_discord import FakeDiscord

DENIED = (
    "$ docker push myapp:latest\n"
    "The push refers to repository [docker.io/library/myapp]\n"
    "denied: requested access to the resource is denied"
)
UNKNOWN_TAG = "Error response from daemon: manifest for nginx:doesnotexist not found: manifest unknown"
CHAT = "merci pour le cours d'hier, c'était top"
TOKEN = "dckr_pat_2b3e36beeb386dfdaacb9b46004ccb7c"


def description(message: dict[str, Any]) -> str:
    return message["embeds"][0]["description"]


async def test_explain_with_text(fake: FakeDiscord, bot) -> None:
    response = await fake.response(await fake.slash("explain", {"text": DENIED}, user=fake.alice))
    assert response["type"] == 4
    assert "Accès refusé" in description(response["data"])


async def test_explain_in_english(fake: FakeDiscord, bot) -> None:
    interaction = await fake.slash("explain", {"text": DENIED}, user=fake.alice, locale="en-US")
    text = description((await fake.response(interaction))["data"])
    assert "denied" in text and "Accès" not in text


async def test_explain_without_text_opens_a_modal(fake: FakeDiscord, bot) -> None:
    opened = await fake.slash("explain", user=fake.alice)
    assert (await fake.response(opened))["type"] == 9
    submitted = await fake.submit_modal(opened, {"paste": DENIED})
    assert "Accès refusé" in description((await fake.response(submitted))["data"])


async def test_everyone_in_an_explained_paste_pings_nobody(fake: FakeDiscord, bot) -> None:
    text = DENIED + f"\n@everyone @here <@{fake.bob.id}> help!"
    interaction = await fake.slash("explain", {"text": text}, user=fake.alice)
    await fake.response(interaction)
    assert fake.pings[interaction.original_id] == {"users": [], "roles": [], "everyone": False}  # type: ignore[index]


async def test_context_menu_on_a_message(fake: FakeDiscord, bot) -> None:
    target = await fake.post_message(DENIED, user=fake.bob, channel_id=fake.other_channel_id)
    interaction = await fake.message_command("Expliquer cette erreur", target, user=fake.alice)
    assert "Accès refusé" in description((await fake.response(interaction))["data"])


async def test_context_menu_reads_log_attachments(fake: FakeDiscord, bot) -> None:
    target = await fake.post_message(
        "voilà mon log",
        user=fake.bob,
        channel_id=fake.other_channel_id,
        attachments=[("push.log", DENIED.encode())],
    )
    interaction = await fake.message_command("Expliquer cette erreur", target, user=fake.alice)
    assert (await fake.response(interaction))["type"] == 5  # deferred while the file is downloaded
    message = await fake.settled(interaction)
    assert "Accès refusé" in description(message)


async def test_context_menu_refuses_files_over_one_megabyte(fake: FakeDiscord, bot) -> None:
    big = ("x" * 1023 + "\n").encode() * 1100
    target = await fake.post_message("log", channel_id=fake.other_channel_id, attachments=[("big.txt", big)])
    interaction = await fake.message_command("Expliquer cette erreur", target, user=fake.alice)
    await fake.response(interaction)
    assert "1 Mo" in (await fake.settled(interaction))["content"]


async def test_explain_rate_limit(fake: FakeDiscord, bot) -> None:
    for _ in range(5):
        await fake.response(await fake.slash("explain", {"text": CHAT}, user=fake.alice))
    limited = await fake.response(await fake.slash("explain", {"text": DENIED}, user=fake.alice))
    assert limited["data"]["flags"] & 64 and "Réessaie" in limited["data"]["content"]


async def opt_in(fake: FakeDiscord, bot) -> None:
    add = await fake.slash("settings explain-channel add", {"channel": fake.channel_id}, user=fake.owner)
    await fake.response(add)


async def test_paste_gets_a_reply_updated_on_edit_removed_on_delete(fake: FakeDiscord, bot) -> None:
    await opt_in(fake, bot)
    pasted = await fake.post_message(DENIED, user=fake.alice)
    reply = (await fake.wait_until(lambda: fake.replies_to(pasted)))[0]
    assert "Accès refusé" in description(reply)
    assert reply["components"][0]["components"][0]["custom_id"] == f"dx:del:{fake.alice.id}"

    await fake.edit_user_message(pasted, UNKNOWN_TAG)
    await fake.wait_until(lambda: "Accès refusé" not in description(fake.messages[int(reply["id"])]))
    assert fake.replies_to(pasted)[0]["id"] == reply["id"]  # edited in place

    await fake.edit_user_message(pasted, CHAT)
    await fake.wait_until(lambda: int(reply["id"]) not in fake.messages)

    await fake.edit_user_message(pasted, DENIED)
    reply = (await fake.wait_until(lambda: fake.replies_to(pasted)))[0]
    await fake.delete_user_message(pasted)
    await fake.wait_until(lambda: int(reply["id"]) not in fake.messages)


async def test_only_the_author_can_delete_the_reply(fake: FakeDiscord, bot) -> None:
    await opt_in(fake, bot)
    pasted = await fake.post_message(DENIED, user=fake.alice)
    reply = (await fake.wait_until(lambda: fake.replies_to(pasted)))[0]
    custom_id = f"dx:del:{fake.alice.id}"
    refused = await fake.response(await fake.click(reply, custom_id, user=fake.bob))
    assert refused["data"]["flags"] & 64
    assert int(reply["id"]) in fake.messages
    await fake.response(await fake.click(reply, custom_id, user=fake.alice))
    await fake.wait_until(lambda: int(reply["id"]) not in fake.messages)


async def test_paste_with_everyone_pings_nobody_and_secrets_are_redacted(fake: FakeDiscord, bot) -> None:
    await opt_in(fake, bot)
    text = f"@everyone docker login -u alice -p {TOKEN}\n{DENIED}"
    pasted = await fake.post_message(text, user=fake.alice)
    reply = (await fake.wait_until(lambda: fake.replies_to(pasted)))[0]
    assert fake.pings[int(reply["id"])] == {"users": [], "roles": [], "everyone": False}
    assert TOKEN not in str(reply)


async def test_no_reply_to_chat_or_outside_explain_channels(fake: FakeDiscord, bot) -> None:
    await opt_in(fake, bot)
    chat = await fake.post_message(CHAT, user=fake.alice)
    elsewhere = await fake.post_message(DENIED, user=fake.alice, channel_id=fake.other_channel_id)
    await fake.response(await fake.slash("ping"))
    await asyncio.sleep(0.2)
    assert fake.replies_to(chat) == [] and fake.replies_to(elsewhere) == []


async def test_paste_cooldown_per_channel(fake: FakeDiscord, bot) -> None:
    await opt_in(fake, bot)
    first = await fake.post_message(DENIED, user=fake.alice)
    await fake.wait_until(lambda: fake.replies_to(first))
    second = await fake.post_message(DENIED, user=fake.bob)
    await asyncio.sleep(0.2)
    assert fake.replies_to(second) == []
