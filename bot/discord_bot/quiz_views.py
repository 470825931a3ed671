"""Quiz buttons that survive restarts: every ``custom_id`` says which quiz, which question, which choice.

``dq:<run id>:<question index>:<choice index | ans>`` is parsed by a :class:`discord.ui.DynamicItem`
registered at startup, so a click on a message sent before a restart (or by another process) still works:
the quiz itself is stored in the database (see ``bot.services.quiz_runs``).
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from typing import Any

import discord

from bot.core.text import Lang
from bot.discord_bot.context import learner_of, user_lang
from bot.discord_bot.errors import report_error
from bot.discord_bot.quiz_render import LETTERS, expired_embed, modal_hint, step_embed, uses_buttons
from bot.discord_bot.texts import say
from bot.services.quiz_runs import QuizExpiredError, QuizStep, RunStatus

log = logging.getLogger(__name__)

ANSWER = "ans"
CUSTOM_ID = re.compile(r"dq:(?P<run>[0-9a-f]{32}):(?P<index>[0-9]{1,2}):(?P<choice>[0-9]{1,2}|ans)")


def custom_id(run_id: str, index: int, choice: int | str) -> str:
    return f"dq:{run_id}:{index}:{choice}"


class AnswerButton(discord.ui.DynamicItem[discord.ui.Button], template=CUSTOM_ID.pattern):
    def __init__(self, run_id: str, index: int, choice: str, button: discord.ui.Button | None = None) -> None:
        self.run_id, self.index, self.choice = run_id, index, choice
        super().__init__(button or discord.ui.Button(custom_id=custom_id(run_id, index, choice), label="?"))

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /
    ) -> AnswerButton:
        return cls(match["run"], int(match["index"]), match["choice"], item)

    async def callback(self, interaction: discord.Interaction) -> Any:
        try:
            if self.choice == ANSWER:
                await open_answer_modal(interaction, self.run_id, self.index)
            else:
                await play_answer(interaction, self.run_id, self.index, str(int(self.choice) + 1))
        except Exception as error:  # one place turns errors into messages
            await report_error(interaction, error)


class AnswerModal(discord.ui.Modal):
    def __init__(self, run_id: str, index: int, title: str, label: str) -> None:
        super().__init__(title=title[:45], custom_id=f"dqm:{run_id}:{index}", timeout=900)
        self.run_id, self.index = run_id, index
        self.answer: discord.ui.TextInput[AnswerModal] = discord.ui.TextInput(
            label=label[:45], custom_id="answer", max_length=300
        )
        self.add_item(self.answer)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await play_answer(interaction, self.run_id, self.index, self.answer.value)

    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:
        await report_error(interaction, error)


def step_view(step: QuizStep, lang: Lang) -> discord.ui.View:
    """The buttons for the current question (none once the quiz is over)."""
    view = discord.ui.View(timeout=None)
    question = step.question
    if question is None:
        return view
    index = len(step.quiz.session.results)
    if not uses_buttons(question):
        button = discord.ui.Button(
            label=say("quiz_answer_button", lang),
            style=discord.ButtonStyle.primary,
            custom_id=custom_id(step.run.id, index, ANSWER),
        )
        view.add_item(AnswerButton(step.run.id, index, ANSWER, button))
        return view
    for choice, text in enumerate(question.choice_texts(lang)):
        label = text[:80] if question.type.value == "true_false" else LETTERS[choice]
        button = discord.ui.Button(
            label=label,
            style=discord.ButtonStyle.primary,
            custom_id=custom_id(step.run.id, index, choice),
            row=choice // 5,
        )
        view.add_item(AnswerButton(step.run.id, index, str(choice), button))
    return view


def disabled_view(message: discord.Message | None) -> discord.ui.View:
    view = discord.ui.View.from_message(message, timeout=None) if message else discord.ui.View(timeout=None)
    for item in view.children:
        if isinstance(item, discord.ui.Button | discord.ui.Select):
            item.disabled = True
    return view


async def open_answer_modal(interaction: discord.Interaction, run_id: str, index: int) -> None:
    services = interaction.client.services  # type: ignore[attr-defined]
    lang = user_lang(interaction)
    run = await services.runs.get(run_id)
    learner = learner_of(interaction)
    if run is None or run.user != learner.user:
        step = None
    else:
        quiz = services.runs.rebuild(run, learner, lang)
        step = quiz.current
    if run is not None and run.user != learner.user:
        await interaction.response.send_message(say("quiz_not_yours", lang), ephemeral=True)
        return
    if step is None or run is None or run.position != index:
        await interaction.response.send_message(say("quiz_expired", lang), ephemeral=True)
        return
    title = say("quiz_answer_label", lang)
    await interaction.response.send_modal(AnswerModal(run_id, index, title, modal_hint(step, lang)))


async def play_answer(interaction: discord.Interaction, run_id: str, index: int, text: str) -> None:
    """Answer, then update the quiz message in place: feedback, next question or summary."""
    services = interaction.client.services  # type: ignore[attr-defined]
    lang = user_lang(interaction)
    try:
        step = await services.runs.answer(
            run_id,
            learner_of(interaction),
            index,
            text,
            lang=lang,
            now=datetime.now(UTC),
            token=interaction.token,
        )
    except QuizExpiredError:
        run = await services.runs.get(run_id)
        if run is None or run.user != str(interaction.user.id) or run.status is not RunStatus.EXPIRED:
            raise
        embed = expired_embed(interaction.message, lang)
        await interaction.response.edit_message(embed=embed, view=disabled_view(interaction.message))
        return
    try:
        await interaction.response.edit_message(embed=step_embed(step, lang), view=step_view(step, lang))
    finally:
        services.runs.record(step)  # the answer is stored; its XP is recorded after the reply
    if step.finished:
        final = await services.runs.settle(step, learner_of(interaction))
        await interaction.edit_original_response(embed=step_embed(final, lang), view=None)


async def disable_quiz_message(client: discord.Client, message_id: str, token: str, lang: Lang) -> None:
    """Disable an idle quiz's buttons through the interaction webhook (works for private quizzes too)."""
    application_id = client.application_id
    if application_id is None:
        return
    webhook = discord.Webhook.partial(application_id, token, client=client)
    try:
        message = await webhook.fetch_message(int(message_id))
        embed = expired_embed(message, lang)
        await webhook.edit_message(int(message_id), embed=embed, view=disabled_view(message))
    except discord.HTTPException as error:
        log.info("could not disable idle quiz message %s: %s", message_id, error)
