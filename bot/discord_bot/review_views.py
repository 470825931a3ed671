"""`/review` buttons: ``rv:<session>:<question index>:<choice | ans>``, parsed by a dynamic item registered at
startup, so every click finds its review session (or is told it expired after a restart: ``/review`` plans
the same due cards again, they are in the database)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord

from bot.core.text import Lang
from bot.discord_bot.coaching_render import review_embed
from bot.discord_bot.context import learner_of, user_lang
from bot.discord_bot.errors import report_error
from bot.discord_bot.quiz_render import LETTERS, modal_hint, uses_buttons
from bot.discord_bot.texts import say
from bot.services.review_sessions import ReviewSession

if TYPE_CHECKING:
    from bot.discord_bot.coaching_cog import CoachingCog

ANSWER = "ans"
CUSTOM_ID = re.compile(r"rv:(?P<session>[0-9a-f]{32}):(?P<index>[0-9]{1,2}):(?P<choice>[0-9]{1,2}|ans)")


def custom_id(session_id: str, index: int, choice: int | str) -> str:
    return f"rv:{session_id}:{index}:{choice}"


def coaching_cog(interaction: discord.Interaction) -> CoachingCog:
    cog = interaction.client.get_cog("CoachingCog")  # type: ignore[attr-defined]
    if cog is None:
        raise RuntimeError("the coaching cog is not loaded")
    return cog  # type: ignore[return-value]


class ReviewButton(discord.ui.DynamicItem[discord.ui.Button], template=CUSTOM_ID.pattern):
    def __init__(
        self, session_id: str, index: int, choice: str, button: discord.ui.Button | None = None
    ) -> None:
        self.session_id, self.index, self.choice = session_id, index, choice
        super().__init__(
            button or discord.ui.Button(custom_id=custom_id(session_id, index, choice), label="?")
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /
    ) -> ReviewButton:
        return cls(match["session"], int(match["index"]), match["choice"], item)

    async def callback(self, interaction: discord.Interaction) -> Any:
        try:
            if self.choice == ANSWER:
                await open_review_modal(interaction, self.session_id, self.index)
            else:
                await play_review_answer(interaction, self.session_id, self.index, str(int(self.choice) + 1))
        except Exception as error:  # one place turns errors into messages
            await report_error(interaction, error)


class ReviewModal(discord.ui.Modal):
    def __init__(self, session_id: str, index: int, title: str, label: str) -> None:
        super().__init__(title=title[:45], custom_id=f"rvm:{session_id}:{index}", timeout=900)
        self.session_id, self.index = session_id, index
        self.answer: discord.ui.TextInput[ReviewModal] = discord.ui.TextInput(
            label=label[:45], custom_id="answer", max_length=300
        )
        self.add_item(self.answer)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await play_review_answer(interaction, self.session_id, self.index, self.answer.value)

    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:
        await report_error(interaction, error)


def review_view(session: ReviewSession, lang: Lang) -> discord.ui.View:
    """The buttons for the current review question (none once the review is over)."""
    view = discord.ui.View(timeout=None)
    item = session.current
    if item is None:
        return view
    question, index = item.question, session.position
    if not uses_buttons(question):
        button = discord.ui.Button(
            label=say("quiz_answer_button", lang),
            style=discord.ButtonStyle.primary,
            custom_id=custom_id(session.id, index, ANSWER),
        )
        view.add_item(ReviewButton(session.id, index, ANSWER, button))
        return view
    for choice, text in enumerate(question.choice_texts(lang)):
        label = text[:80] if question.type.value == "true_false" else LETTERS[choice]
        button = discord.ui.Button(
            label=label,
            style=discord.ButtonStyle.primary,
            custom_id=custom_id(session.id, index, choice),
            row=choice // 5,
        )
        view.add_item(ReviewButton(session.id, index, str(choice), button))
    return view


async def open_review_modal(interaction: discord.Interaction, session_id: str, index: int) -> None:
    lang = user_lang(interaction)
    session = coaching_cog(interaction).reviews.get(session_id, learner_of(interaction))
    item = session.current
    if item is None or session.position != index:
        await interaction.response.send_message(say("quiz_expired", lang), ephemeral=True)
        return
    title = say("quiz_answer_label", lang)
    await interaction.response.send_modal(
        ReviewModal(session_id, index, title, modal_hint(item.question, lang))
    )


async def play_review_answer(
    interaction: discord.Interaction, session_id: str, index: int, text: str
) -> None:
    """Check and record the answer, then update the review message: feedback, next question or the end."""
    cog = coaching_cog(interaction)
    lang = user_lang(interaction)
    session = cog.reviews.get(session_id, learner_of(interaction))
    answer = await cog.reviews.answer(session, index, text, lang=lang, now=cog.clock())
    await interaction.response.edit_message(
        embed=review_embed(session, lang, answer), view=review_view(session, lang)
    )
