"""`/quiz [lesson] [kind] [count] [private]`: one question at a time, answered with buttons or a modal.

Idle quizzes expire: a background task disables their buttons (any process may do it; the database decides
which one does).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.core.quiz.bank import KIND as BANK_KIND
from bot.core.quiz.registry import kinds
from bot.core.quiz.session import DEFAULT_COUNT, MAX_COUNT
from bot.core.text import Lang
from bot.discord_bot.context import learner_of, user_lang
from bot.discord_bot.quiz_render import step_embed
from bot.discord_bot.quiz_views import AnswerButton, disable_quiz_message, step_view
from bot.discord_bot.runtime import Services

log = logging.getLogger(__name__)

KIND_NAMES = {
    "image_name": "Références d'images",
    "tag_meaning": "Tags",
    "registry_choice": "Registres",
    "command": "Commandes",
    "push_error": "Erreurs de push",
    BANK_KIND: "Questions du cours",
}
KIND_CHOICES = [app_commands.Choice(name=KIND_NAMES.get(k, k), value=k) for k in (*kinds(), BANK_KIND)][:25]


def quiz_cooldown(interaction: discord.Interaction) -> tuple[int | None, int]:
    return (interaction.guild_id, interaction.user.id)


async def lesson_autocomplete(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    services: Services = interaction.client.services  # type: ignore[attr-defined]
    needle = current.casefold().strip()
    choices = []
    for lesson in services.catalog.lessons:
        label = f"{lesson.meta.order}. {lesson.meta.title}"
        if not needle or needle in label.casefold() or needle in lesson.id:
            choices.append(app_commands.Choice(name=label[:100], value=lesson.id))
    return choices[:25]


class QuizCog(commands.Cog):
    def __init__(self, bot: commands.Bot, services: Services) -> None:
        self.bot = bot
        self.services = services
        seconds = max(0.05, min(60.0, services.runs.idle.total_seconds() / 2))
        self.sweeper = tasks.loop(seconds=seconds)(self.expire_idle_quizzes)

    async def cog_load(self) -> None:
        self.sweeper.before_loop(self._wait_until_ready)
        self.sweeper.start()

    async def _wait_until_ready(self) -> None:
        await self.bot.wait_until_ready()  # never before the gateway is up (`dockcoach sync` never is)

    async def cog_unload(self) -> None:
        # Wait for the sweeper to end: cancelled mid-transaction after the database is closed, its
        # connection could never be given back, and the event loop would wait for it forever.
        self.sweeper.cancel()
        task = self.sweeper.get_task()
        if task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    @app_commands.command(name="quiz", description="Un quiz, une question à la fois")
    @app_commands.describe(
        lesson="La leçon",
        kind="Le type de questions",
        count="Nombre de questions (1 à 20)",
        private="Rien que pour toi (réponses privées)",
    )
    @app_commands.choices(kind=KIND_CHOICES)
    @app_commands.autocomplete(lesson=lesson_autocomplete)
    @app_commands.checks.cooldown(3, 60.0, key=quiz_cooldown)
    async def quiz(
        self,
        interaction: discord.Interaction,
        lesson: str | None = None,
        kind: str | None = None,
        count: app_commands.Range[int, 1, MAX_COUNT] = DEFAULT_COUNT,
        private: bool = False,
    ) -> None:
        lang = user_lang(interaction)
        step = await self.services.runs.start(
            learner_of(interaction),
            lesson,
            kind=kind,
            count=count,
            private=private,
            now=datetime.now(UTC),
            channel_id=interaction.channel_id,
        )
        callback = await interaction.response.send_message(
            embed=step_embed(step, lang), view=step_view(step, lang), ephemeral=private
        )
        if callback.message_id is not None:
            await self.services.runs.attach_message(step.run.id, callback.message_id, interaction.token)

    async def expire_idle_quizzes(self) -> None:
        try:
            expired = await self.services.runs.expire_idle(datetime.now(UTC))
        except Exception:
            log.exception("could not expire idle quizzes")
            return
        for run in expired:
            if run.message_id and run.token:
                await disable_quiz_message(self.bot, run.message_id, run.token, Lang.FR)


async def setup(bot: commands.Bot) -> None:
    bot.add_dynamic_items(AnswerButton)
    await bot.add_cog(QuizCog(bot, bot.services))  # type: ignore[attr-defined]
