"""Answer buttons that survive restarts, shared by quizzes and reviews.

A button's ``custom_id`` is ``<prefix>:<owner id>:<question index>:<choice index | ans>`` (``dq`` for a quiz
run, ``rv`` for a review session): a :class:`discord.ui.DynamicItem` subclass registered at startup parses
it, so a click on a message sent before a restart still reaches its quiz. ``ans`` opens a modal for the
questions answered by typing (multiple choice, ordering, short answer).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar, Self

import discord

from bot.core.quiz.questions import Question
from bot.core.text import Lang
from bot.discord_bot.errors import report_error
from bot.discord_bot.quiz_render import LETTERS, modal_hint, uses_buttons
from bot.discord_bot.texts import say

ANSWER = "ans"
Submit = Callable[[discord.Interaction, str], Awaitable[None]]


def choice_template(prefix: str) -> str:
    return rf"{prefix}:(?P<owner>[0-9a-f]{{32}}):(?P<index>[0-9]{{1,2}}):(?P<choice>[0-9]{{1,2}}|{ANSWER})"


class AnswerModal(discord.ui.Modal):
    """One text field; its value goes to ``submit``."""

    def __init__(self, custom_id: str, title: str, label: str, submit: Submit) -> None:
        super().__init__(title=title[:45], custom_id=custom_id, timeout=900)
        self.submit = submit
        self.answer: discord.ui.TextInput[AnswerModal] = discord.ui.TextInput(
            label=label[:45], custom_id="answer", max_length=300
        )
        self.add_item(self.answer)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await self.submit(interaction, self.answer.value)

    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:
        await report_error(interaction, error)


class ChoiceButton(discord.ui.DynamicItem[discord.ui.Button], template=choice_template("[a-z]+")):
    """Base of the answer buttons: a subclass gives its prefix (``class X(ChoiceButton, prefix="dq")``)
    and what a click does (:meth:`play` with the chosen answer, :meth:`open_modal` for ``ans``)."""

    prefix: ClassVar[str]

    def __init_subclass__(cls, *, prefix: str) -> None:
        super().__init_subclass__(template=choice_template(re.escape(prefix)))
        cls.prefix = prefix

    def __init__(
        self, owner_id: str, index: int, choice: str, button: discord.ui.Button | None = None
    ) -> None:
        self.owner_id, self.index, self.choice = owner_id, index, choice
        super().__init__(
            button or discord.ui.Button(custom_id=self.custom_id_for(owner_id, index, choice), label="?")
        )

    @classmethod
    def custom_id_for(cls, owner_id: str, index: int, choice: int | str) -> str:
        return f"{cls.prefix}:{owner_id}:{index}:{choice}"

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /
    ) -> Self:
        return cls(match["owner"], int(match["index"]), match["choice"], item)

    async def callback(self, interaction: discord.Interaction) -> Any:
        try:
            if self.choice == ANSWER:
                await self.open_modal(interaction)
            else:
                await self.play(interaction, str(int(self.choice) + 1))
        except Exception as error:  # one place turns errors into messages
            await report_error(interaction, error)

    async def play(self, interaction: discord.Interaction, text: str) -> None:
        """Answer this button's question with ``text`` (a 1-based choice number or what was typed)."""
        raise NotImplementedError

    async def open_modal(self, interaction: discord.Interaction) -> None:
        """Open :meth:`modal` if this question is still the current one."""
        raise NotImplementedError

    def modal(self, question: Question, lang: Lang) -> AnswerModal:
        """The modal whose text answers this button's question (custom_id ``<prefix>m:<owner>:<index>``)."""
        custom_id = f"{self.prefix}m:{self.owner_id}:{self.index}"
        return AnswerModal(custom_id, say("quiz_answer_label", lang), modal_hint(question, lang), self.play)


def answer_view(
    button_type: type[ChoiceButton], owner_id: str, index: int, question: Question | None, lang: Lang
) -> discord.ui.View:
    """The buttons answering ``question`` (none without one): one per choice, or one opening a modal."""
    view = discord.ui.View(timeout=None)
    if question is None:
        return view
    if not uses_buttons(question):
        button = discord.ui.Button(
            label=say("quiz_answer_button", lang),
            style=discord.ButtonStyle.primary,
            custom_id=button_type.custom_id_for(owner_id, index, ANSWER),
        )
        view.add_item(button_type(owner_id, index, ANSWER, button))
        return view
    for choice, text in enumerate(question.choice_texts(lang)):
        label = text[:80] if question.type.value == "true_false" else LETTERS[choice]
        button = discord.ui.Button(
            label=label,
            style=discord.ButtonStyle.primary,
            custom_id=button_type.custom_id_for(owner_id, index, choice),
            row=choice // 5,
        )
        view.add_item(button_type(owner_id, index, str(choice), button))
    return view
