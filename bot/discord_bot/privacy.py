"""`/forget-me` (after a confirmation) and `/export-me` (a JSON file), both private."""

from __future__ import annotations

import io
import json

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.learners import LearnerKey
from bot.core.text import Lang
from bot.discord_bot.context import learner_of, user_lang
from bot.discord_bot.errors import report_error
from bot.discord_bot.runtime import Services
from bot.discord_bot.texts import say

CONFIRM_SECONDS = 60


class ForgetConfirmView(discord.ui.View):
    """Yes / Cancel, answerable only by the learner who asked (the reply is ephemeral anyway)."""

    def __init__(self, services: Services, learner: LearnerKey, owner_id: int, lang: Lang) -> None:
        super().__init__(timeout=CONFIRM_SECONDS)
        self.services, self.learner, self.owner_id, self.lang = services, learner, owner_id, lang
        self.confirm.label = say("forget_yes", lang)
        self.cancel.label = say("forget_no", lang)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return interaction.user.id == self.owner_id

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item
    ) -> None:
        await report_error(interaction, error)

    @discord.ui.button(style=discord.ButtonStyle.danger, custom_id="forget:yes")
    async def confirm(self, interaction: discord.Interaction, _button: discord.ui.Button) -> None:
        self.stop()
        await self.services.privacy.forget_learner(self.learner)
        await interaction.response.edit_message(content=say("forget_done", self.lang), view=None)

    @discord.ui.button(style=discord.ButtonStyle.secondary, custom_id="forget:no")
    async def cancel(self, interaction: discord.Interaction, _button: discord.ui.Button) -> None:
        self.stop()
        await interaction.response.edit_message(content=say("forget_cancelled", self.lang), view=None)


class PrivacyCog(commands.Cog):
    def __init__(self, services: Services) -> None:
        self.services = services

    @app_commands.command(name="forget-me", description="Efface toutes tes données (avec confirmation)")
    async def forget_me(self, interaction: discord.Interaction) -> None:
        lang = user_lang(interaction)
        view = ForgetConfirmView(self.services, learner_of(interaction), interaction.user.id, lang)
        await interaction.response.send_message(say("forget_confirm", lang), view=view, ephemeral=True)

    @app_commands.command(name="export-me", description="Tes données au format JSON")
    async def export_me(self, interaction: discord.Interaction) -> None:
        data = await self.services.privacy.export_learner(learner_of(interaction))
        payload = json.dumps(data, ensure_ascii=False, indent=2, default=str).encode()
        file = discord.File(io.BytesIO(payload), filename="dockcoach-export.json")
        await interaction.response.send_message(
            say("export_done", user_lang(interaction)), file=file, ephemeral=True
        )


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(PrivacyCog(bot.services))  # type: ignore[attr-defined]
