"""`/ping`: the bare command (no database) that tells whether the bot answers, and how fast."""

from __future__ import annotations

import math

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_bot.texts import say
from bot.discord_bot.translations import lang_of


class MetaCog(commands.Cog):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot

    @app_commands.command(name="ping", description="Vérifie que le bot répond")
    async def ping(self, interaction: discord.Interaction) -> None:
        latency = self.bot.latency
        ms = round(latency * 1000) if math.isfinite(latency) else 0
        await interaction.response.send_message(
            say("pong", lang_of(interaction.locale), ms=ms), ephemeral=True
        )


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(MetaCog(bot))
