"""Quiz buttons that survive restarts: every ``custom_id`` says which quiz, which question, which choice.

``dq:<run id>:<question index>:<choice index | ans>`` is parsed by a :class:`discord.ui.DynamicItem`
registered at startup, so a click on a message sent before a restart (or by another process) still works:
the quiz itself is stored in the database (see ``bot.services.quiz_runs``).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import discord

from bot.core.text import Lang
from bot.discord_bot.answer_items import ChoiceButton, answer_view
from bot.discord_bot.context import learner_of, user_lang
from bot.discord_bot.quiz_render import expired_embed, step_embed
from bot.discord_bot.texts import say
from bot.services.quiz_runs import QuizExpiredError, QuizStep, RunStatus

log = logging.getLogger(__name__)


class AnswerButton(ChoiceButton, prefix="dq"):
    async def play(self, interaction: discord.Interaction, text: str) -> None:
        await play_answer(interaction, self.owner_id, self.index, text)

    async def open_modal(self, interaction: discord.Interaction) -> None:
        services = interaction.client.services  # type: ignore[attr-defined]
        lang = user_lang(interaction)
        run = await services.runs.get(self.owner_id)
        learner = learner_of(interaction)
        if run is None or run.user != learner.user:
            question = None
        else:
            quiz = services.runs.rebuild(run, learner, lang)
            question = quiz.current
        if run is not None and run.user != learner.user:
            await interaction.response.send_message(say("quiz_not_yours", lang), ephemeral=True)
            return
        if question is None or run is None or run.position != self.index:
            await interaction.response.send_message(say("quiz_expired", lang), ephemeral=True)
            return
        await interaction.response.send_modal(self.modal(question, lang))


def step_view(step: QuizStep, lang: Lang) -> discord.ui.View:
    """The buttons for the current question (none once the quiz is over)."""
    return answer_view(AnswerButton, step.run.id, len(step.quiz.session.results), step.question, lang)


def disabled_view(message: discord.Message | None) -> discord.ui.View:
    view = discord.ui.View.from_message(message, timeout=None) if message else discord.ui.View(timeout=None)
    for item in view.children:
        if isinstance(item, discord.ui.Button | discord.ui.Select):
            item.disabled = True
    return view


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
