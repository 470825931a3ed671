"""`/explain [text]` (no text: a modal for long pastes) and the message menu « Expliquer cette erreur ».

Secrets are redacted by the explainer before anything is echoed; every reply goes out with
``AllowedMentions.none()`` (the bot-wide default), so a paste containing ``@everyone`` pings nobody.
"""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.text import Lang
from bot.discord_bot.context import user_lang
from bot.discord_bot.embeds import COLOUR
from bot.discord_bot.errors import report_error
from bot.discord_bot.limits import UserRateLimit
from bot.discord_bot.quiz_render import cut
from bot.discord_bot.runtime import Services
from bot.discord_bot.texts import say
from bot.services.explain import ExplainResult

log = logging.getLogger(__name__)

MAX_ATTACHMENT_BYTES = 1024 * 1024
TEXT_SUFFIXES = (".txt", ".log")
MODAL_MAX_CHARS = 4000


class AttachmentTooLargeError(Exception):
    pass


def explanation_embed(result: ExplainResult, lang: Lang) -> discord.Embed:
    return discord.Embed(description=cut(result.render(str(lang)), 4096), colour=COLOUR)


def is_text_attachment(attachment: discord.Attachment) -> bool:
    return attachment.filename.lower().endswith(TEXT_SUFFIXES)


async def message_text(message: discord.Message) -> str:
    """The message's text and its ``.txt``/``.log`` attachments (1 MB each at most)."""
    parts = [message.content] if message.content else []
    for attachment in message.attachments:
        if not is_text_attachment(attachment):
            continue
        if attachment.size > MAX_ATTACHMENT_BYTES:
            raise AttachmentTooLargeError(attachment.filename)
        data = await attachment.read()
        parts.append(data[:MAX_ATTACHMENT_BYTES].decode("utf-8", errors="replace"))
    return "\n".join(parts)


def explain_cooldown(interaction: discord.Interaction) -> tuple[int | None, int]:
    return (interaction.guild_id, interaction.user.id)


class PasteModal(discord.ui.Modal):
    def __init__(self, services: Services, lang: Lang) -> None:
        super().__init__(title=say("explain_modal_title", lang), timeout=900)
        self.services, self.lang = services, lang
        self.paste: discord.ui.TextInput[PasteModal] = discord.ui.TextInput(
            label=say("explain_modal_label", lang),
            style=discord.TextStyle.paragraph,
            max_length=MODAL_MAX_CHARS,
            custom_id="paste",
        )
        self.add_item(self.paste)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        result = self.services.explainer.explain(self.paste.value)
        await interaction.response.send_message(embed=explanation_embed(result, self.lang))

    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:
        await report_error(interaction, error)


class ExplainCog(commands.Cog):
    def __init__(self, bot: commands.Bot, services: Services) -> None:
        self.bot = bot
        self.services = services
        self.menu = app_commands.ContextMenu(name="Expliquer cette erreur", callback=self.explain_message)
        self.menu.add_check(UserRateLimit(5, 60.0).check)

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.menu)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.menu.name, type=self.menu.type)

    @app_commands.command(name="explain", description="Explique une erreur docker push/pull/login")
    @app_commands.describe(text="L'erreur collée (vide : une fenêtre pour un long texte)")
    @app_commands.checks.cooldown(5, 60.0, key=explain_cooldown)
    async def explain(self, interaction: discord.Interaction, text: str | None = None) -> None:
        lang = user_lang(interaction)
        if not text or not text.strip():
            await interaction.response.send_modal(PasteModal(self.services, lang))
            return
        result = self.services.explainer.explain(text)
        await interaction.response.send_message(embed=explanation_embed(result, lang))

    async def explain_message(self, interaction: discord.Interaction, message: discord.Message) -> None:
        lang = user_lang(interaction)
        has_files = any(is_text_attachment(a) for a in message.attachments)
        if has_files:
            await interaction.response.defer(thinking=True)
        try:
            text = await message_text(message)
        except AttachmentTooLargeError:
            await self._reply(interaction, content=say("explain_too_big", lang))
            return
        if not text.strip():
            await self._reply(interaction, content=say("explain_empty", lang))
            return
        result = self.services.explainer.explain(text)
        await self._reply(interaction, embed=explanation_embed(result, lang))

    @staticmethod
    async def _reply(interaction: discord.Interaction, **kwargs: object) -> None:
        if interaction.response.is_done():
            await interaction.followup.send(**kwargs)  # type: ignore[arg-type]
        else:
            await interaction.response.send_message(**kwargs)  # type: ignore[arg-type]


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(ExplainCog(bot, bot.services))  # type: ignore[attr-defined]
