"""`/xp [member]` and `/leaderboard [week|all]`."""

from __future__ import annotations

from datetime import UTC, datetime

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.leaderboard import Period
from bot.discord_bot.context import community_of, learner_of, user_lang
from bot.discord_bot.embeds import leaderboard_embed, profile_embed
from bot.discord_bot.runtime import Services


class ProgressCog(commands.Cog):
    def __init__(self, services: Services) -> None:
        self.services = services

    @app_commands.command(name="xp", description="Ton XP, ton niveau et ta série (ou ceux d'un membre)")
    @app_commands.describe(member="Le membre (toi par défaut)")
    @app_commands.guild_only()
    async def xp(self, interaction: discord.Interaction, member: discord.Member | None = None) -> None:
        who = member or interaction.user
        profile = await self.services.progress.profile(learner_of(interaction, who))
        embed = profile_embed(profile, who.display_name, user_lang(interaction))
        await interaction.response.send_message(embed=embed)

    @app_commands.command(name="leaderboard", description="Le classement de la communauté")
    @app_commands.describe(period="Cette semaine ou depuis toujours")
    @app_commands.choices(
        period=[
            app_commands.Choice(name="Cette semaine", value=Period.WEEK.value),
            app_commands.Choice(name="Depuis toujours", value=Period.ALL.value),
        ]
    )
    @app_commands.guild_only()
    async def leaderboard(self, interaction: discord.Interaction, period: str = Period.WEEK.value) -> None:
        board = await self.services.leaderboard.leaderboard(
            community_of(interaction),
            period=Period(period),
            now=datetime.now(UTC),
            limit=10,
            caller=str(interaction.user.id),
        )
        await interaction.response.send_message(embed=leaderboard_embed(board, user_lang(interaction)))


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(ProgressCog(bot.services))  # type: ignore[attr-defined]
