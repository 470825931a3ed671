"""`/review` buttons: ``rv:<session>:<question index>:<choice | ans>``, parsed by a dynamic item registered at
startup, so every click finds its review session (or is told it expired after a restart: ``/review`` plans
the same due cards again, they are in the database)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.core.text import Lang
from bot.discord_bot.answer_items import ChoiceButton, answer_view
from bot.discord_bot.coaching_render import review_embed
from bot.discord_bot.context import learner_of, user_lang
from bot.discord_bot.texts import say
from bot.services.review_sessions import ReviewSession

if TYPE_CHECKING:
    from bot.discord_bot.coaching_cog import CoachingCog


def coaching_cog(interaction: discord.Interaction) -> CoachingCog:
    cog = interaction.client.get_cog("CoachingCog")  # type: ignore[attr-defined]
    if cog is None:
        raise RuntimeError("the coaching cog is not loaded")
    return cog  # type: ignore[return-value]


class ReviewButton(ChoiceButton, prefix="rv"):
    async def play(self, interaction: discord.Interaction, text: str) -> None:
        await play_review_answer(interaction, self.owner_id, self.index, text)

    async def open_modal(self, interaction: discord.Interaction) -> None:
        lang = user_lang(interaction)
        session = coaching_cog(interaction).reviews.get(self.owner_id, learner_of(interaction))
        item = session.current
        if item is None or session.position != self.index:
            await interaction.response.send_message(say("quiz_expired", lang), ephemeral=True)
            return
        await interaction.response.send_modal(self.modal(item.question, lang))


def review_view(session: ReviewSession, lang: Lang) -> discord.ui.View:
    """The buttons for the current review question (none once the review is over)."""
    item = session.current
    question = item.question if item is not None else None
    return answer_view(ReviewButton, session.id, session.position, question, lang)


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
