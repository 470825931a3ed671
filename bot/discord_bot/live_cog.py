"""`/quiz-live [lesson] [kind] [count] [seconds]`: one quiz for the whole channel, answered privately.

Each question is a channel message with answer buttons (every click is confirmed by an ephemeral reply) and
host controls (skip, pause/resume, stop: the host or a moderator). A timer task per quiz closes each question
at time-up and edits its message with the answer, the explanation, the tally bars and the running top 5.
All state is in the database: on startup the bot re-arms the timers of running quizzes (or closes those
stalled too long) and says so in their channels. Buttons are dynamic items, so they survive restarts.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from datetime import timedelta
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.core import live as rules
from bot.core.level_roles import LevelUp
from bot.core.live import LiveStatus
from bot.core.text import Lang
from bot.discord_bot import live_clock
from bot.discord_bot.context import learner_of, user_lang
from bot.discord_bot.errors import report_error
from bot.discord_bot.live_clock import LiveClock
from bot.discord_bot.live_render import (
    ANSWER_ID,
    CONTROL_ID,
    click_text,
    podium_embed,
    question_embed,
    results_embed,
    say,
)
from bot.discord_bot.quiz import KIND_CHOICES, lesson_autocomplete
from bot.services.live import LiveQuestionState, LiveQuizState, LiveRound, LiveService

log = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=15)  # a quiz untouched this long is closed on restart, not resumed


def is_moderator(interaction: discord.Interaction) -> bool:
    permissions = interaction.permissions
    return permissions.manage_messages or permissions.manage_guild


def live_cog(client: discord.Client) -> LiveCog:
    cog = client.get_cog("LiveCog")  # type: ignore[attr-defined]
    assert isinstance(cog, LiveCog)
    return cog


class LiveAnswerButton(discord.ui.DynamicItem[discord.ui.Button], template=ANSWER_ID):
    def __init__(
        self, quiz_id: str, position: int, choice: int, button: discord.ui.Button | None = None
    ) -> None:
        self.quiz_id, self.position, self.choice = quiz_id, position, choice
        custom_id = f"lq:{quiz_id}:{position}:{choice}"
        super().__init__(button or discord.ui.Button(custom_id=custom_id, label=rules.LETTERS[choice]))

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /
    ) -> LiveAnswerButton:
        return cls(match["quiz"], int(match["position"]), int(match["choice"]), item)

    async def callback(self, interaction: discord.Interaction) -> Any:
        try:
            cog = live_cog(interaction.client)
            verdict = await cog.live.click(
                self.quiz_id, self.position, learner_of(interaction), self.choice, now=cog.clock.now()
            )
            await interaction.response.send_message(
                click_text(verdict, self.choice, user_lang(interaction)), ephemeral=True
            )
        except Exception as error:
            await report_error(interaction, error)


class LiveControlButton(discord.ui.DynamicItem[discord.ui.Button], template=CONTROL_ID):
    def __init__(self, quiz_id: str, action: str, button: discord.ui.Button | None = None) -> None:
        self.quiz_id, self.action = quiz_id, action
        super().__init__(button or discord.ui.Button(custom_id=f"lqc:{quiz_id}:{action}", label=action))

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /
    ) -> LiveControlButton:
        return cls(match["quiz"], match["action"], item)

    async def callback(self, interaction: discord.Interaction) -> Any:
        try:
            await live_cog(interaction.client).control(interaction, self.quiz_id, self.action)
        except Exception as error:
            await report_error(interaction, error)


def question_view(
    quiz: LiveQuizState, state: LiveQuestionState, lang: Lang, *, paused: bool
) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for choice in range(len(state.question.choices)):
        button = discord.ui.Button(
            label=rules.LETTERS[choice],
            style=discord.ButtonStyle.primary,
            custom_id=f"lq:{quiz.id}:{state.position}:{choice}",
            row=0,
        )
        view.add_item(LiveAnswerButton(quiz.id, state.position, choice, button))
    controls = (
        ("skip", "⏭️", say("skip", lang)),
        ("pause", "▶️" if paused else "⏸️", say("resume" if paused else "pause", lang)),
        ("stop", "⏹️", say("stop", lang)),
    )
    for action, emoji, label in controls:
        button = discord.ui.Button(
            label=label,
            emoji=emoji,
            style=discord.ButtonStyle.secondary,
            custom_id=f"lqc:{quiz.id}:{action}",
            row=1,
        )
        view.add_item(LiveControlButton(quiz.id, action, button))
    return view


def paused_seconds(quiz: LiveQuizState, state: LiveQuestionState) -> int | None:
    if quiz.status is not LiveStatus.PAUSED or state.paused_remaining_ms is None:
        return None
    return max(0, round(state.paused_remaining_ms / 1000))


class LiveCog(commands.Cog):
    def __init__(self, bot: commands.Bot, live: LiveService, clock: LiveClock) -> None:
        self.bot = bot
        self.live = live
        self.clock = clock
        self.drivers: dict[str, asyncio.Task[None]] = {}
        self.wakes: dict[str, asyncio.Event] = {}
        self.locks: dict[str, asyncio.Lock] = {}
        self._resume_task: asyncio.Task[None] | None = None
        self.closing = False

    async def cog_load(self) -> None:
        # Listed now, before the gateway connects: quizzes started by this process are never "resumed".
        try:
            interrupted = await self.live.active()
        except Exception:
            log.exception("could not list running live quizzes")
            return
        if interrupted:
            self._resume_task = asyncio.create_task(self.resume_all(interrupted))

    async def cog_unload(self) -> None:
        self.closing = True  # a command still running must not arm a timer on this dying cog
        tasks = [t for t in (self._resume_task, *self.drivers.values()) if t is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    # -- the command --------------------------------------------------------------------------------------
    @app_commands.command(name="quiz-live", description="Un quiz en direct pour tout le salon")
    @app_commands.describe(
        lesson="La leçon",
        kind="Le type de questions",
        count="Nombre de questions (1 à 10)",
        seconds="Secondes par question (10 à 120)",
    )
    @app_commands.choices(kind=KIND_CHOICES)
    @app_commands.autocomplete(lesson=lesson_autocomplete)
    @app_commands.guild_only()
    async def quiz_live(
        self,
        interaction: discord.Interaction,
        lesson: str | None = None,
        kind: str | None = None,
        count: app_commands.Range[int, 1, rules.MAX_QUESTIONS] = rules.DEFAULT_QUESTIONS,
        seconds: app_commands.Range[int, rules.MIN_SECONDS, rules.MAX_SECONDS] = rules.DEFAULT_SECONDS,
    ) -> None:
        lang = user_lang(interaction)
        round_ = await self.live.start(
            learner_of(interaction), str(interaction.channel_id), lesson_id=lesson, kind=kind, count=count,
            seconds=seconds, lang=lang.value, now=self.clock.now(),
        )  # fmt: skip
        assert round_.question is not None
        try:
            callback = await interaction.response.send_message(
                embed=question_embed(round_.quiz, round_.question, lang, paused_seconds=None),
                view=question_view(round_.quiz, round_.question, lang, paused=False),
            )
            if callback.message_id is not None:
                await self.live.attach_message(round_.quiz.id, 0, callback.message_id)
        except Exception:
            await self.live.finish(round_.quiz.id, LiveStatus.CLOSED, self.clock.now())
            raise
        self.arm(round_.quiz.id)

    # -- controls -----------------------------------------------------------------------------------------
    async def control(self, interaction: discord.Interaction, quiz_id: str, action: str) -> None:
        lang = user_lang(interaction)
        user, moderator, now = str(interaction.user.id), is_moderator(interaction), self.clock.now()
        if action == "skip":
            await self.live.skip(quiz_id, user, moderator=moderator, now=now)
            await interaction.response.send_message(say("skipped", lang), ephemeral=True)
            self.wake(quiz_id)
        elif action == "pause":
            quiz = await self.live.pause(quiz_id, user, moderator=moderator, now=now)
            round_ = await self.live.round(quiz_id)
            if round_ is None or round_.question is None:
                await interaction.response.send_message(say("stopping", lang), ephemeral=True)
                return
            shown = Lang(quiz.lang)
            await interaction.response.edit_message(
                embed=question_embed(
                    quiz, round_.question, shown, paused_seconds=paused_seconds(quiz, round_.question)
                ),
                view=question_view(quiz, round_.question, shown, paused=quiz.status is LiveStatus.PAUSED),
            )
            self.wake(quiz_id)
        else:
            round_ = await self.live.round(quiz_id)
            if round_ is not None:
                self.live.check_control(round_.quiz, user, moderator=moderator)
            await interaction.response.send_message(say("stopping", lang), ephemeral=True)
            await self.end(quiz_id, LiveStatus.STOPPED)

    # -- timers -------------------------------------------------------------------------------------------
    def arm(self, quiz_id: str) -> None:
        if self.closing:
            return
        self.wakes.setdefault(quiz_id, asyncio.Event())
        task = self.drivers.get(quiz_id)
        if task is None or task.done():
            self.drivers[quiz_id] = asyncio.create_task(self.drive(quiz_id), name=f"live-quiz-{quiz_id}")

    def wake(self, quiz_id: str) -> None:
        event = self.wakes.get(quiz_id)
        if event is not None:
            event.set()

    async def drive(self, quiz_id: str) -> None:
        """Close each question at time-up, show the next one, end with the podium."""
        wake = self.wakes[quiz_id]
        try:
            while True:
                wake.clear()
                round_ = await self.live.round(quiz_id)
                if round_ is None or not round_.quiz.status.active or round_.question is None:
                    return
                question = round_.question
                if round_.quiz.status is LiveStatus.PAUSED:
                    await wake.wait()
                    continue
                timing = question.timing
                if timing is not None and self.clock.now() < timing.closes_at:
                    await self.clock.sleep_until(timing.closes_at, wake)
                    continue
                if not await self.step(round_):
                    return
        except asyncio.CancelledError:
            raise
        except discord.HTTPException as error:  # e.g. the bot may no longer post in the channel
            log.warning("live quiz %s: Discord refused a message (%s); closing it", quiz_id, error)
            await self._close_after_failure(quiz_id)
        except Exception:
            log.exception("live quiz %s: the timer failed; closing it", quiz_id)
            await self._close_after_failure(quiz_id)
        finally:
            if self.drivers.get(quiz_id) is asyncio.current_task():
                self.drivers.pop(quiz_id, None)
                self.wakes.pop(quiz_id, None)

    async def _close_after_failure(self, quiz_id: str) -> None:
        """End a quiz whose timer cannot go on, so its channel is free again (XP is still paid)."""
        try:
            await self.live.finish(quiz_id, LiveStatus.CLOSED, self.clock.now())
        except Exception:
            log.exception("live quiz %s: could not close it", quiz_id)

    async def step(self, round_: LiveRound) -> bool:
        """Reveal the current question and move on; False when the quiz ended."""
        quiz, question = round_.quiz, round_.question
        assert question is not None
        async with self.locks.setdefault(quiz.id, asyncio.Lock()):
            now = self.clock.now()
            report = await self.live.close_question(quiz.id, question.position, now)
            if report is not None and question.message_id is not None:
                await self.edit(
                    quiz, question.message_id, embed=results_embed(report, Lang(quiz.lang)), view=None
                )
            following = await self.live.next_question(quiz.id, question.position, now)
            if following is None:
                await self._end_locked(quiz.id, LiveStatus.FINISHED)
                return False
            await self.post_question(following)
            return True

    async def post_question(self, round_: LiveRound) -> None:
        quiz, question = round_.quiz, round_.question
        assert question is not None
        lang = Lang(quiz.lang)
        channel = self.bot.get_partial_messageable(int(quiz.channel_id), guild_id=int(quiz.community))
        message = await channel.send(
            embed=question_embed(quiz, question, lang, paused_seconds=None),
            view=question_view(quiz, question, lang, paused=False),
        )
        await self.live.attach_message(quiz.id, question.position, message.id)

    async def edit(self, quiz: LiveQuizState, message_id: str, **fields: Any) -> None:
        channel = self.bot.get_partial_messageable(int(quiz.channel_id), guild_id=int(quiz.community))
        try:
            await channel.get_partial_message(int(message_id)).edit(**fields)
        except discord.HTTPException as error:
            log.info("live quiz %s: could not edit message %s: %s", quiz.id, message_id, error)

    async def end(self, quiz_id: str, status: LiveStatus) -> None:
        async with self.locks.setdefault(quiz_id, asyncio.Lock()):
            await self._end_locked(quiz_id, status)
        task = self.drivers.get(quiz_id)
        if task is not None and task is not asyncio.current_task():
            task.cancel()

    async def _end_locked(self, quiz_id: str, status: LiveStatus) -> None:
        now = self.clock.now()
        round_ = await self.live.round(quiz_id)
        if round_ is None:
            return
        question = round_.question
        if round_.quiz.status.active and question is not None and question.timing is not None:
            report = await self.live.close_question(quiz_id, question.position, now)
            if report is not None and question.message_id is not None:
                lang = Lang(round_.quiz.lang)
                await self.edit(
                    round_.quiz, question.message_id, embed=results_embed(report, lang), view=None
                )
        final = await self.live.finish(quiz_id, status, now)
        self.locks.pop(quiz_id, None)
        if final is None or not final.ended_now:
            return
        channel = self.bot.get_partial_messageable(
            int(final.quiz.channel_id), guild_id=int(final.quiz.community)
        )
        try:
            await channel.send(embed=podium_embed(final, Lang(final.quiz.lang)))
        except discord.HTTPException as error:
            log.info("live quiz %s: could not post the podium: %s", quiz_id, error)
        for user, level in final.level_ups().items():
            self.bot.dispatch(
                "dockcoach_level_up", LevelUp(final.quiz.community, user, level, final.quiz.channel_id)
            )

    # -- restarts -----------------------------------------------------------------------------------------
    async def resume_all(self, quizzes: list[LiveQuizState]) -> None:
        """Re-arm quizzes a restart interrupted (or close those stalled too long), and say so."""
        await self.bot.wait_until_ready()
        for quiz in quizzes:
            if self.bot.get_guild(int(quiz.community)) is None:
                continue  # another shard's (or a server the bot left): not this process's to resume
            try:
                await self.resume(quiz)
            except Exception:
                log.exception("live quiz %s: could not resume", quiz.id)

    async def resume(self, quiz: LiveQuizState) -> None:
        lang = Lang(quiz.lang)
        channel = self.bot.get_partial_messageable(int(quiz.channel_id), guild_id=int(quiz.community))
        if self.clock.now() - quiz.updated_at > STALE_AFTER:
            with contextlib.suppress(discord.HTTPException):
                await channel.send(say("closed_on_restart", lang))
            await self.end(quiz.id, LiveStatus.CLOSED)
            return
        with contextlib.suppress(discord.HTTPException):
            await channel.send(say("resumed", lang, n=quiz.position + 1, total=quiz.count))
        self.arm(quiz.id)


async def setup(bot: commands.Bot) -> None:
    services = bot.services  # type: ignore[attr-defined]
    live = LiveService(services.quiz.content, services.progress, services.db.sessions)
    bot.add_dynamic_items(LiveAnswerButton, LiveControlButton)
    await bot.add_cog(LiveCog(bot, live, live_clock.CLOCK))
