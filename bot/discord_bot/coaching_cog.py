"""Coaching in Discord: `/review`, `/progress`, `/rank [member]`, `/next`, `/remind [on|off] [hour]`,
`/class report [lesson]` (Manage Server), and the reminder loop that sends review reminders by DM.

The loop sleeps until the next stored reminder time (``ReminderService.next_reminder_wakeup``), or until a
`/remind on` wakes it; each wake-up claims the reminders due (marked sent in the same transaction, so at
most one a day even with several processes) and sends them. A learner whose DMs are closed is switched off.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
from collections.abc import Callable
from datetime import UTC, datetime

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.coaching.report_format import render_report_text, report_to_dict
from bot.core.text import Lang
from bot.discord_bot import coaching_render as render
from bot.discord_bot.context import community_of, learner_of, user_lang
from bot.discord_bot.quiz import lesson_autocomplete
from bot.discord_bot.review_views import ReviewButton, review_view
from bot.discord_bot.runtime import Services
from bot.services.coached_progress import CoachedProgress
from bot.services.coaching import mastery_chart_png, rank_card_png
from bot.services.coaching_reminders import ReminderMessage, ReminderService
from bot.services.coaching_review import ReviewPlanner
from bot.services.review_sessions import ReviewSessionService

log = logging.getLogger(__name__)

MAX_SLEEP = 3600.0  # the loop looks again at least hourly (a new row written by another process)
RETRY_SECONDS = 60.0  # after an unexpected error in the loop


def utc_now() -> datetime:
    return datetime.now(UTC)


class CoachingCog(commands.Cog):
    def __init__(self, bot: commands.Bot, services: Services) -> None:
        self.bot = bot
        self.services = services
        progress = services.progress
        if not isinstance(progress, CoachedProgress):
            progress = CoachedProgress(services.db.sessions)
        self.coaching = progress.coaching
        content = services.quiz.content
        self.reviews = ReviewSessionService(ReviewPlanner(self.coaching, content), content, progress)
        self.reminders = ReminderService(services.db.sessions)
        self.clock: Callable[[], datetime] = utc_now  # tests inject their own
        self._wake = asyncio.Event()
        self._loop_task: asyncio.Task[None] | None = None

    async def cog_load(self) -> None:
        self._loop_task = asyncio.create_task(self._reminder_loop(), name="review-reminders")

    async def cog_unload(self) -> None:
        if self._loop_task is not None:
            self._loop_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._loop_task

    # --- learners -----------------------------------------------------------------------------------------

    @app_commands.command(
        name="review", description="Tes révisions : ce que tu allais oublier, au bon moment"
    )
    @app_commands.guild_only()
    async def review(self, interaction: discord.Interaction) -> None:
        lang = user_lang(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)  # planning may take a moment
        session = await self.reviews.start(learner_of(interaction), now=self.clock(), rng=random.Random())
        if not session.items:
            await interaction.edit_original_response(content=render.nothing_to_review(session, lang))
            return
        embed = render.review_embed(session, lang)
        await interaction.edit_original_response(embed=embed, view=review_view(session, lang))

    @app_commands.command(name="progress", description="Ta maîtrise de chaque objectif, en image")
    @app_commands.describe(lesson="La leçon")
    @app_commands.autocomplete(lesson=lesson_autocomplete)
    @app_commands.guild_only()
    async def progress(self, interaction: discord.Interaction, lesson: str | None = None) -> None:
        lang = user_lang(interaction)
        content = self.services.quiz.content
        lesson_id = content.lesson(lesson).id if lesson else None
        await interaction.response.defer(ephemeral=True, thinking=True)
        found = await self.coaching.progress(
            learner_of(interaction),
            lessons=list(content.lessons.values()),
            now=self.clock(),
            lesson=lesson_id,
        )
        png = await mastery_chart_png(found.chart, lang)
        embed = render.progress_embed(found.chart, lang, with_picture=True)
        await interaction.edit_original_response(
            embed=embed, attachments=[render.picture(png, render.PROGRESS_FILE)]
        )

    @app_commands.command(name="rank", description="Ta carte de rang (ou celle d'un membre)")
    @app_commands.describe(member="Le membre (toi par défaut)")
    @app_commands.guild_only()
    async def rank(self, interaction: discord.Interaction, member: discord.Member | None = None) -> None:
        lang = user_lang(interaction)
        await interaction.response.defer(thinking=True)
        card = await self.coaching.rank_card(learner_of(interaction, member), now=self.clock())
        png = await rank_card_png(card, lang)
        embed = render.rank_embed(card, lang, with_picture=True)
        await interaction.edit_original_response(
            embed=embed, attachments=[render.picture(png, render.RANK_FILE)]
        )

    @app_commands.command(name="next", description="La chose la plus utile à faire maintenant, et pourquoi")
    @app_commands.guild_only()
    async def next_step(self, interaction: discord.Interaction) -> None:
        lang = user_lang(interaction)
        lessons = list(self.services.quiz.content.lessons.values())
        step = await self.coaching.next_step(learner_of(interaction), lessons=lessons, now=self.clock())
        await interaction.response.send_message(embed=render.next_embed(step, lang), ephemeral=True)

    @app_commands.command(
        name="remind", description="Rappels de révision en message privé (un par jour au plus)"
    )
    @app_commands.describe(
        mode="Activer ou désactiver (vide : où en sont tes rappels)", hour="L'heure (0 à 23)"
    )
    @app_commands.choices(
        mode=[
            app_commands.Choice(name="Activer", value="on"),
            app_commands.Choice(name="Désactiver", value="off"),
        ]
    )
    @app_commands.guild_only()
    async def remind(
        self,
        interaction: discord.Interaction,
        mode: str | None = None,
        hour: app_commands.Range[int, 0, 23] | None = None,
    ) -> None:
        lang = user_lang(interaction)
        learner = learner_of(interaction)
        if mode is None and hour is not None:
            mode = "on"  # `/remind hour:8` means "remind me at 8"
        if mode is None:
            status = await self.reminders.status(learner)
        else:
            status = await self.reminders.set_reminder(
                learner, enabled=mode == "on", hour=hour, now=self.clock()
            )
            self._wake.set()  # the loop recomputes its next wake-up
        await interaction.response.send_message(render.reminder_text(status, lang), ephemeral=True)

    # --- organisers ---------------------------------------------------------------------------------------

    class_group = app_commands.Group(
        name="class",
        description="Le suivi de la classe (organisateurs)",
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )

    @class_group.command(name="report", description="Qui a fini quoi, qui bloque, quelles questions clochent")
    @app_commands.describe(lesson="La leçon")
    @app_commands.autocomplete(lesson=lesson_autocomplete)
    @app_commands.checks.has_permissions(manage_guild=True)
    async def class_report(self, interaction: discord.Interaction, lesson: str | None = None) -> None:
        lang = user_lang(interaction)
        lesson_id = self.services.quiz.content.lesson(lesson).id if lesson else None
        await interaction.response.defer(ephemeral=True, thinking=True)
        found = await self.coaching.report(community_of(interaction), now=self.clock(), lesson=lesson_id)
        text = render_report_text(found.report, lang, found.names)
        as_json = json.dumps(report_to_dict(found.report, found.names), ensure_ascii=False, indent=2)
        content, files = render.report_reply(
            text, as_json, found.report.learners, len(found.report.flagged), lang
        )
        await interaction.edit_original_response(content=content, attachments=files)

    # --- the reminder loop --------------------------------------------------------------------------------

    async def _reminder_loop(self) -> None:
        await self.bot.wait_until_ready()
        while True:
            self._wake.clear()
            try:
                await self.send_reminders()
                wake = await self.reminders.next_reminder_wakeup()
                delay = MAX_SLEEP if wake is None else (wake - self.clock()).total_seconds()
            except Exception:
                log.exception("the reminder loop failed; trying again in %s s", RETRY_SECONDS)
                delay = RETRY_SECONDS
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), min(MAX_SLEEP, max(0.0, delay)))

    async def send_reminders(self, now: datetime | None = None) -> int:
        """One step of the loop: claim the reminders due now and DM them; returns how many were sent."""
        messages = await self.reminders.claim_reminders(now or self.clock())
        sent = 0
        for message in messages:
            sent += await self._send(message)
        return sent

    async def _send(self, message: ReminderMessage) -> int:
        learner = message.learner
        try:
            lang = (await self.services.communities.get(learner.community)).locale
            channel = await self.bot.create_dm(discord.Object(id=int(learner.user)))
            await channel.send(message.text(Lang(lang)), allowed_mentions=discord.AllowedMentions.none())
        except discord.Forbidden as error:  # DMs closed (50007): stop reminding this learner
            log.info("user %s does not accept DMs (%s): reminders switched off", learner.user, error.code)
            await self.reminders.set_reminder(learner, enabled=False, now=self.clock())
            return 0
        except (discord.HTTPException, ValueError) as error:
            log.warning("could not DM a reminder to user %s: %s", learner.user, error)
            return 0
        return 1


async def setup(bot: commands.Bot) -> None:
    bot.add_dynamic_items(ReviewButton)
    await bot.add_cog(CoachingCog(bot, bot.services))  # type: ignore[attr-defined]
