"""`/settings explain-channel add|remove|list`, `/settings locale`, `/settings timezone` (Manage Server).

The permission is checked here, server-side, on every call: Discord's default permissions only hide the
commands, and server admins can change who sees them.
"""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.text import Lang
from bot.discord_bot.context import community_of, user_lang
from bot.discord_bot.runtime import Services
from bot.discord_bot.texts import say


def require_manage_guild(interaction: discord.Interaction) -> bool:
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage()
    if not interaction.permissions.manage_guild:
        raise app_commands.MissingPermissions(["manage_guild"])
    return True


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class SettingsCog(
    commands.GroupCog, group_name="settings", group_description="Réglages du bot pour ce serveur"
):
    explain_channel = app_commands.Group(
        name="explain-channel", description="Salons où le bot explique les erreurs collées"
    )

    def __init__(self, bot: commands.Bot, services: Services, *, reads_messages: bool) -> None:
        self.bot = bot
        self.services = services
        self.reads_messages = reads_messages
        super().__init__()

    async def interaction_check(self, interaction: discord.Interaction) -> bool:  # type: ignore[override]
        return require_manage_guild(interaction)

    def _channels_changed(self, interaction: discord.Interaction) -> None:
        paste = self.bot.get_cog("PasteCog")
        if paste is not None and interaction.guild_id is not None:
            paste.forget_settings(interaction.guild_id)  # type: ignore[attr-defined]

    @explain_channel.command(name="add", description="Ajoute un salon")
    @app_commands.describe(channel="Le salon")
    async def add_channel(self, interaction: discord.Interaction, channel: discord.TextChannel) -> None:
        lang = user_lang(interaction)
        await self.services.communities.add_explain_channel(community_of(interaction), channel.id)
        self._channels_changed(interaction)
        text = say("channel_added", lang, channel=channel.mention)
        if not self.reads_messages:
            text += "\n" + say("paste_intent_off", lang)
        await interaction.response.send_message(text, ephemeral=True)

    @explain_channel.command(name="remove", description="Retire un salon")
    @app_commands.describe(channel="Le salon")
    async def remove_channel(self, interaction: discord.Interaction, channel: discord.TextChannel) -> None:
        await self.services.communities.remove_explain_channel(community_of(interaction), channel.id)
        self._channels_changed(interaction)
        text = say("channel_removed", user_lang(interaction), channel=channel.mention)
        await interaction.response.send_message(text, ephemeral=True)

    @explain_channel.command(name="list", description="Liste les salons")
    async def list_channels(self, interaction: discord.Interaction) -> None:
        lang = user_lang(interaction)
        settings = await self.services.communities.get(community_of(interaction))
        if settings.explain_channels:
            channels = ", ".join(f"<#{channel}>" for channel in settings.explain_channels)
            text = say("channels_list", lang, channels=channels)
        else:
            text = say("channels_none", lang)
        await interaction.response.send_message(text, ephemeral=True)

    @app_commands.command(name="locale", description="La langue par défaut du bot sur ce serveur")
    @app_commands.describe(language="La langue")
    @app_commands.choices(
        language=[
            app_commands.Choice(name="Français", value=Lang.FR.value),
            app_commands.Choice(name="Anglais", value=Lang.EN.value),
        ]
    )
    async def locale(self, interaction: discord.Interaction, language: str) -> None:
        settings = await self.services.communities.set_locale(community_of(interaction), language)
        text = say("locale_set", user_lang(interaction), locale=settings.locale.value)
        await interaction.response.send_message(text, ephemeral=True)

    @app_commands.command(
        name="timezone", description="Le fuseau horaire du serveur (séries, semaine du classement)"
    )
    @app_commands.describe(zone="Un fuseau IANA, par exemple Europe/Paris")
    async def timezone(self, interaction: discord.Interaction, zone: app_commands.Range[str, 1, 64]) -> None:
        settings = await self.services.communities.set_timezone(community_of(interaction), zone)
        text = say("timezone_set", user_lang(interaction), zone=settings.timezone)
        await interaction.response.send_message(text, ephemeral=True)


async def setup(bot: commands.Bot) -> None:
    services: Services = bot.services  # type: ignore[attr-defined]
    reads = bot.intents.message_content
    await bot.add_cog(SettingsCog(bot, services, reads_messages=reads))
