"""Errors become messages in one place: domain errors are shown as they are, the rest gets an apology.

No traceback ever reaches a user; unexpected errors are logged with ``log.exception``.
"""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.core.errors import DomainError
from bot.core.text import Lang
from bot.discord_bot.texts import say
from bot.discord_bot.translations import lang_of

log = logging.getLogger(__name__)


def error_message(error: BaseException, lang: Lang) -> str | None:
    """The learner-facing text for ``error``, or ``None`` when it is unexpected (a bug)."""
    original = getattr(error, "original", None) or error.__cause__ or error
    if isinstance(original, DomainError):
        return original.message(lang)
    if isinstance(error, app_commands.CommandOnCooldown):
        return say("cooldown", lang, seconds=max(1, round(error.retry_after)))
    if isinstance(error, app_commands.MissingPermissions):
        return say("missing_permissions", lang)
    if isinstance(error, app_commands.NoPrivateMessage):
        return say("guild_only", lang)
    if isinstance(error, app_commands.TransformerError):
        return say("bad_value", lang, value=str(error.value)[:100])
    if isinstance(error, app_commands.CheckFailure):
        return say("not_allowed", lang)
    return None


async def reply_privately(interaction: discord.Interaction, text: str) -> None:
    """An ephemeral reply whether or not the interaction was already answered."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)
    except discord.HTTPException:
        log.warning(
            "could not tell user %s about an error (interaction %s)", interaction.user.id, interaction.id
        )


async def report_error(interaction: discord.Interaction, error: BaseException) -> None:
    """Tell the user what went wrong, safely; log unexpected errors with their traceback."""
    lang = lang_of(interaction.locale)
    text = error_message(error, lang)
    if text is None:
        log.error(
            "unexpected error in interaction %s (user %s, guild %s)",
            interaction.id,
            interaction.user.id,
            interaction.guild_id,
            exc_info=error,
        )
        text = say("unexpected_error", lang)
    await reply_privately(interaction, text)


class CoachCommandTree(app_commands.CommandTree):
    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        await report_error(interaction, error)
