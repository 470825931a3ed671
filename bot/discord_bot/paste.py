"""Explain-on-paste, in the channels a server opted in with `/settings explain-channel add`.

The bot replies when a message holds a recognised error (not for chat, nor for unrecognised output), with a
button letting the author delete the reply; when the author edits the message, the reply is updated or
removed; when the message is deleted, so is the reply. One new reply per channel per cooldown period.
"""

from __future__ import annotations

import logging
import re
import time
from typing import Any

import discord
from discord.ext import commands

from bot.core.explainer.explain import Status
from bot.core.text import Lang
from bot.discord_bot.errors import report_error
from bot.discord_bot.explain import AttachmentTooLargeError, explanation_embed, message_text
from bot.discord_bot.runtime import Services
from bot.discord_bot.texts import say
from bot.services.explain import ExplainResult

log = logging.getLogger(__name__)

CHANNEL_COOLDOWN_SECONDS = 10.0
SETTINGS_TTL_SECONDS = 15.0
REPLY_LOOKBACK = 25


class DeleteReplyButton(
    discord.ui.DynamicItem[discord.ui.Button], template=r"dx:del:(?P<author>[0-9]{1,20})"
):
    """Lets the author of the pasted message delete the bot's explanation (works across restarts)."""

    def __init__(self, author_id: int, label: str = "🗑️") -> None:
        self.author_id = author_id
        super().__init__(
            discord.ui.Button(
                label=label, style=discord.ButtonStyle.secondary, custom_id=f"dx:del:{author_id}"
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /
    ) -> DeleteReplyButton:
        return cls(int(match["author"]), item.label or "🗑️")

    async def callback(self, interaction: discord.Interaction) -> Any:
        try:
            if interaction.user.id != self.author_id:
                lang = Lang.from_locale(str(interaction.locale))
                await interaction.response.send_message(say("explain_delete_refused", lang), ephemeral=True)
                return
            await interaction.response.defer()
            await interaction.delete_original_response()
        except Exception as error:
            await report_error(interaction, error)


def should_reply(result: ExplainResult) -> bool:
    return result.explanation.status in (Status.DIAGNOSED, Status.INFO) or bool(result.redacted)


class PasteCog(commands.Cog):
    def __init__(self, bot: commands.Bot, services: Services) -> None:
        self.bot = bot
        self.services = services
        self._channels: dict[str, tuple[float, frozenset[str], Lang]] = {}
        self._last_reply: dict[int, float] = {}
        self._replies: dict[int, int] = {}  # pasted message id -> reply id (a hint; history is the truth)

    async def _channel_settings(self, guild_id: int) -> tuple[frozenset[str], Lang]:
        key = str(guild_id)
        cached = self._channels.get(key)
        if cached is not None and time.monotonic() - cached[0] < SETTINGS_TTL_SECONDS:
            return cached[1], cached[2]
        settings = await self.services.communities.get(key)
        entry = (time.monotonic(), frozenset(settings.explain_channels), Lang(settings.locale))
        self._channels[key] = entry
        return entry[1], entry[2]

    async def _watched(self, guild_id: int | None, channel_id: int) -> Lang | None:
        if guild_id is None:
            return None
        channels, lang = await self._channel_settings(guild_id)
        return lang if str(channel_id) in channels else None

    def forget_settings(self, guild_id: int) -> None:
        self._channels.pop(str(guild_id), None)

    async def _explain(self, message: discord.Message) -> ExplainResult | None:
        try:
            text = await message_text(message)
        except AttachmentTooLargeError:
            return None
        return self.services.explainer.explain(text) if text.strip() else None

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or message.guild is None:
            return
        lang = await self._watched(message.guild.id, message.channel.id)
        if lang is None:
            return
        now = time.monotonic()
        if now - self._last_reply.get(message.channel.id, -1e9) < CHANNEL_COOLDOWN_SECONDS:
            return
        result = await self._explain(message)
        if result is None or not should_reply(result):
            return
        self._last_reply[message.channel.id] = now
        view = discord.ui.View(timeout=None)
        view.add_item(DeleteReplyButton(message.author.id, say("explain_delete", lang)))
        reply = await message.reply(embed=explanation_embed(result, lang), view=view, mention_author=False)
        self._replies[message.id] = reply.id

    async def _find_reply(self, channel: discord.abc.Messageable, message_id: int) -> discord.Message | None:
        reply_id = self._replies.get(message_id)
        if reply_id is not None:
            try:
                return await channel.fetch_message(reply_id)
            except discord.NotFound:
                return None
        async for candidate in channel.history(after=discord.Object(id=message_id), limit=REPLY_LOOKBACK):
            reference = candidate.reference
            if candidate.author.id == self.bot.user.id and reference and reference.message_id == message_id:  # type: ignore[union-attr]
                return candidate
        return None

    @commands.Cog.listener()
    async def on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        message = payload.message
        if message.author.bot or payload.guild_id is None:
            return
        lang = await self._watched(payload.guild_id, payload.channel_id)
        if lang is None:
            return
        result = await self._explain(message)
        reply = await self._find_reply(message.channel, message.id)
        if reply is None:
            if result is not None and should_reply(result):
                view = discord.ui.View(timeout=None)
                view.add_item(DeleteReplyButton(message.author.id, say("explain_delete", lang)))
                created = await message.reply(
                    embed=explanation_embed(result, lang), view=view, mention_author=False
                )
                self._replies[message.id] = created.id
            return
        if result is None or not should_reply(result):
            await reply.delete()
            self._replies.pop(message.id, None)
            return
        await reply.edit(embed=explanation_embed(result, lang))

    @commands.Cog.listener()
    async def on_raw_message_delete(self, payload: discord.RawMessageDeleteEvent) -> None:
        cached = payload.cached_message
        ours = payload.message_id in self._replies.values() or (cached is not None and cached.author.bot)
        if ours or payload.guild_id is None:
            return
        if await self._watched(payload.guild_id, payload.channel_id) is None:
            return
        channel = self.bot.get_channel(payload.channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            return
        reply = await self._find_reply(channel, payload.message_id)
        if reply is not None:
            await reply.delete()
        self._replies.pop(payload.message_id, None)


async def setup(bot: commands.Bot) -> None:
    bot.add_dynamic_items(DeleteReplyButton)
    await bot.add_cog(PasteCog(bot, bot.services))  # type: ignore[attr-defined]
