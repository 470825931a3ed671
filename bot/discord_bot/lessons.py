"""`/lessons` (the course with the learner's progress) and `/lesson` (one lesson in detail, autocompleted)."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.lessons import Lesson
from bot.core.text import Lang
from bot.discord_bot.context import learner_of, user_lang
from bot.discord_bot.embeds import COLOUR
from bot.discord_bot.quiz import lesson_autocomplete
from bot.discord_bot.quiz_render import cut
from bot.discord_bot.runtime import Services
from bot.discord_bot.texts import say
from bot.services.quiz import UnknownLessonError
from bot.services.quiz_runs import LessonBest


def lesson_embed(lesson: Lesson, lang: Lang) -> discord.Embed:
    meta = lesson.meta
    embed = discord.Embed(title=cut(f"{meta.icon} {meta.title}".strip(), 256), colour=COLOUR)
    embed.description = cut(meta.description, 1000)
    if meta.objectives:
        objectives = "\n".join(f"• {cut(o, 200)}" for o in meta.objectives)
        embed.add_field(name=say("objectives", lang), value=cut(objectives, 1024), inline=False)
    embed.add_field(name=say("duration", lang), value=meta.duration or "—")
    embed.add_field(name=say("reward", lang), value=f"{meta.xp_reward} XP")
    if lesson.sections:
        sections = "\n".join(cut(s.label, 120) for s in lesson.sections)
        embed.add_field(name=say("sections", lang), value=cut(sections, 1024), inline=False)
    return embed


def lesson_line(lesson: Lesson, best: LessonBest | None, lang: Lang) -> str:
    meta = lesson.meta
    done = say("lesson_done", lang, score=f"{best.best_score}/{best.best_total}") if best else ""
    return say(
        "lesson_line", lang, icon=meta.icon, title=cut(meta.title, 80), duration=meta.duration,
        xp=meta.xp_reward, done=done,
    )  # fmt: skip


class LessonsCog(commands.Cog):
    def __init__(self, services: Services) -> None:
        self.services = services

    @app_commands.command(name="lessons", description="Les leçons du cours et ta progression")
    async def lessons(self, interaction: discord.Interaction) -> None:
        lang = user_lang(interaction)
        lessons = list(self.services.catalog.lessons)
        embed = discord.Embed(title=say("lessons_title", lang), colour=COLOUR)
        if not lessons:
            embed.description = say("lessons_empty", lang)
        else:
            results = await self.services.runs.lesson_results(
                learner_of(interaction), [x.id for x in lessons]
            )
            lines = [lesson_line(lesson, results.get(lesson.id), lang) for lesson in lessons[:25]]
            embed.description = cut("\n".join(lines), 4096)
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(name="lesson", description="Le détail d'une leçon : objectifs, durée, XP, sections")
    @app_commands.describe(lesson="La leçon")
    @app_commands.autocomplete(lesson=lesson_autocomplete)
    async def lesson(self, interaction: discord.Interaction, lesson: str) -> None:
        found = self.services.catalog.lesson(lesson)
        if found is None:
            raise UnknownLessonError(lesson, [x.id for x in self.services.catalog.lessons])
        await interaction.response.send_message(
            embed=lesson_embed(found, user_lang(interaction)), ephemeral=True
        )


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(LessonsCog(bot.services))  # type: ignore[attr-defined]
