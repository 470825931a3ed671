"""How a quiz looks in Discord: one embed (last feedback, then the current question) and its buttons."""

from __future__ import annotations

import discord

from bot.core.quiz.questions import Question, QuestionType
from bot.core.quiz.session import Feedback, review_hint
from bot.core.text import Lang
from bot.discord_bot.embeds import COLOUR
from bot.discord_bot.texts import say
from bot.services.quiz_runs import QuizStep

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXY"
BUTTON_TYPES = frozenset({QuestionType.SINGLE_CHOICE, QuestionType.TRUE_FALSE})
MODAL_HINTS = {
    QuestionType.MULTIPLE_CHOICE: (
        "Numéros des bonnes réponses (ex. 1,3)",
        "Numbers of the right ones (e.g. 1,3)",
    ),
    QuestionType.ORDERING: ("L'ordre complet (ex. 2,1,3)", "The full order (e.g. 2,1,3)"),
    QuestionType.SHORT_ANSWER: ("Ta réponse", "Your answer"),
}


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def uses_buttons(question: Question) -> bool:
    return question.type in BUTTON_TYPES and len(question.choices) <= len(LETTERS)


def modal_hint(question: Question, lang: Lang) -> str:
    fr, en = MODAL_HINTS.get(question.type, MODAL_HINTS[QuestionType.SHORT_ANSWER])
    return en if lang is Lang.EN else fr


def question_text(question: Question, position: int, total: int, lang: Lang) -> str:
    lines = [
        f"**{say('quiz_progress', lang, n=position, total=total)}**",
        cut(question.prompt.get(lang), 1800),
    ]
    texts = question.choice_texts(lang)
    if question.type is QuestionType.TRUE_FALSE:
        return "\n".join(lines)
    for index, text in enumerate(texts):
        marker = LETTERS[index] if uses_buttons(question) else str(index + 1)
        lines.append(f"**{marker}.** {cut(text, 300)}")
    return "\n".join(lines)


def feedback_text(feedback: Feedback, lang: Lang) -> str:
    """Right or wrong (with the right answer), the mistake made, the explanation, what to revise."""
    head = (
        say("quiz_correct", lang)
        if feedback.correct
        else say("quiz_wrong", lang, answer=cut(feedback.answer, 300))
    )
    lines = [head]
    if feedback.mistake is not None and feedback.mistake.get(lang):
        lines.append(cut(feedback.mistake.get(lang), 400))
    if feedback.explanation.get(lang):
        lines.append(cut(feedback.explanation.get(lang), 700))
    if not feedback.correct and feedback.review:
        lines.append(review_hint(feedback.review, lang))
    return "\n".join(lines)


def summary_text(step: QuizStep, lang: Lang) -> str:
    score, total = step.quiz.session.score, len(step.quiz.session.questions)
    if step.result is None:  # the reply comes first; the XP is added once recorded
        return say("quiz_summary_pending", lang, score=score, total=total)
    lines = [say("quiz_summary", lang, score=score, total=total, xp=step.run.xp_gained)]
    outcome = step.result.outcome
    if step.run.leveled_up and outcome is not None:
        lines.append(say("quiz_level_up", lang, level=outcome.level))
    for label in step.result.summary.review[:5]:
        lines.append(review_hint(label, lang))
    return "\n".join(lines)


def step_embed(step: QuizStep, lang: Lang) -> discord.Embed:
    lesson = step.quiz.session.lesson
    embed = discord.Embed(title=cut(say("quiz_title", lang, lesson=lesson.meta.title), 256), colour=COLOUR)
    parts = []
    if step.feedback is not None:
        parts.append(feedback_text(step.feedback, lang))
    question = step.question
    if question is not None:
        position = len(step.quiz.session.results) + 1
        parts.append(question_text(question, position, len(step.quiz.session.questions), lang))
    elif step.finished:
        parts.append(summary_text(step, lang))
    embed.description = cut("\n\n".join(parts), 4096)
    return embed


def expired_embed(message: discord.Message | None, lang: Lang) -> discord.Embed:
    base = message.embeds[0] if message is not None and message.embeds else discord.Embed(colour=COLOUR)
    embed = base.copy()
    embed.set_footer(text=say("quiz_timed_out", lang))
    return embed
