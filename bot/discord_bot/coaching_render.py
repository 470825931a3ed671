"""How the coaching commands look in Discord: review embeds, progress and rank embeds (picture + text
fallback), the next step, reminder settings and the organiser's report."""

from __future__ import annotations

import io
from dataclasses import replace

import discord

from bot.core.coaching.next_step import NextStep
from bot.core.coaching.srs import PickReason
from bot.core.pictures import MasteryChart, RankCard, mastery_chart_text, rank_card_text
from bot.core.text import Lang, LocalizedText
from bot.discord_bot.embeds import COLOUR, clean
from bot.discord_bot.quiz_render import cut, feedback_text, question_text
from bot.services.coaching_reminders import GAVE_UP_REASON, ReminderStatus
from bot.services.review_sessions import ReviewAnswer, ReviewSession

PROGRESS_FILE = "progress.png"
RANK_FILE = "rank.png"
CONTENT_LIMIT = 1900  # a report longer than this is sent as a file

TEXTS: dict[str, LocalizedText] = {
    "review_title": LocalizedText("🔁 Révisions", "🔁 Reviews"),
    "review_header": LocalizedText(
        "{count} question(s) : {due} à revoir, {new} nouvelle(s).",
        "{count} question(s): {due} due, {new} new.",
    ),
    "review_leech": LocalizedText("📌 Question qui te résiste.", "📌 A question you keep missing."),
    "review_done": LocalizedText(
        "Révision terminée : **{score}/{total}**. À demain ! 👋",
        "Review done: **{score}/{total}**. See you! 👋",
    ),
    "review_xp": LocalizedText("+{xp} XP", "+{xp} XP"),
    "review_capped": LocalizedText(
        "✅ Tu as fait tes {cap} révisions du jour. Reviens demain !",
        "✅ You did your {cap} reviews for today. Come back tomorrow!",
    ),
    "review_nothing": LocalizedText(
        "✅ Rien à réviser pour l'instant. Prochaine révision {when}.",
        "✅ Nothing to review right now. Next review {when}.",
    ),
    "review_nothing_at_all": LocalizedText(
        "✅ Rien à réviser pour l'instant : fais un `/quiz` pour commencer.",
        "✅ Nothing to review right now: take a `/quiz` to start.",
    ),
    "progress_title": LocalizedText(
        "📊 Ta maîtrise, objectif par objectif", "📊 Your mastery, objective by objective"
    ),
    "rank_title": LocalizedText("🏅 Carte de rang", "🏅 Rank card"),
    "next_title": LocalizedText("🧭 Et maintenant ?", "🧭 What next?"),
    "remind_on": LocalizedText(
        "🔔 Rappels activés vers {hour} h ({zone}) : au plus un message privé par jour, seulement quand des "
        "révisions t'attendent. Ils s'arrêtent seuls après deux semaines sans réponse.",
        "🔔 Reminders on, around {hour}:00 ({zone}): at most one direct message a day, only when reviews are "
        "waiting. They stop by themselves after two weeks without an answer.",
    ),
    "remind_off": LocalizedText("🔕 Rappels désactivés.", "🔕 Reminders off."),
    "remind_gave_up": LocalizedText(
        "🔕 Rappels arrêtés après deux semaines sans réponse. `/remind on` pour les relancer.",
        "🔕 Reminders stopped after two weeks without an answer. `/remind on` to restart them.",
    ),
    "report_file": LocalizedText(
        "📋 Rapport de classe ({learners} apprenants, {flagged} famille(s) à vérifier) : voir le fichier.",
        "📋 Class report ({learners} learners, {flagged} question family(ies) to check): see the file.",
    ),
}


def say(key: str, lang: Lang, **values: object) -> str:
    text = TEXTS[key].get(lang)
    return text.format(**values) if values else text


def _when(moment: object) -> str:
    return discord.utils.format_dt(moment, "R") if moment is not None else "—"  # type: ignore[arg-type]


def nothing_to_review(session: ReviewSession, lang: Lang) -> str:
    queue = session.queue
    if queue.capped:
        return say("review_capped", lang, cap=queue.daily_cap)
    if queue.next_due is not None:
        return say("review_nothing", lang, when=_when(queue.next_due))
    return say("review_nothing_at_all", lang)


def review_embed(session: ReviewSession, lang: Lang, answer: ReviewAnswer | None = None) -> discord.Embed:
    """The last feedback (and its re-read hint), then the current question or the end of the review."""
    embed = discord.Embed(title=say("review_title", lang), colour=COLOUR)
    parts: list[str] = []
    if answer is None:
        new = sum(1 for item in session.items if item.pick.reason is PickReason.NEW)
        parts.append(
            say("review_header", lang, count=len(session.items), due=len(session.items) - new, new=new)
        )
    else:
        parts.append(feedback_text(answer.feedback, lang))
        hint = answer.reread_hint(lang)
        if hint:
            parts.append(hint)
        if answer.outcome.xp_awarded:
            parts.append(say("review_xp", lang, xp=answer.outcome.xp_awarded))
    item = session.current
    if item is not None:
        if item.pick.leech:
            parts.append(say("review_leech", lang))
        parts.append(question_text(item.question, session.position + 1, len(session.items), lang))
    else:
        parts.append(say("review_done", lang, score=session.score, total=len(session.items)))
    embed.description = cut("\n\n".join(parts), 4096)
    return embed


def progress_embed(chart: MasteryChart, lang: Lang, *, with_picture: bool) -> discord.Embed:
    embed = discord.Embed(title=say("progress_title", lang), colour=COLOUR)
    embed.description = cut(mastery_chart_text(chart, lang), 4096)
    if with_picture:
        embed.set_image(url=f"attachment://{PROGRESS_FILE}")
    return embed


def rank_embed(card: RankCard, lang: Lang, *, with_picture: bool) -> discord.Embed:
    embed = discord.Embed(title=say("rank_title", lang), colour=COLOUR)
    embed.description = cut(rank_card_text(replace(card, name=clean(card.name)), lang), 4096)
    if with_picture:
        embed.set_image(url=f"attachment://{RANK_FILE}")
    return embed


def next_embed(step: NextStep, lang: Lang) -> discord.Embed:
    return discord.Embed(
        title=say("next_title", lang), colour=COLOUR, description=cut(step.message(lang), 4096)
    )


def reminder_text(status: ReminderStatus, lang: Lang) -> str:
    if status.enabled:
        return say("remind_on", lang, hour=status.hour, zone=status.timezone)
    if status.stopped_reason == GAVE_UP_REASON:
        return say("remind_gave_up", lang)
    return say("remind_off", lang)


def picture(data: bytes, name: str) -> discord.File:
    return discord.File(io.BytesIO(data), filename=name)


def report_reply(
    text: str, json_text: str, learners: int, flagged: int, lang: Lang
) -> tuple[str, list[discord.File]]:
    """A short report in a code block; a long one as files (text and JSON)."""
    inert = text.replace("```", "ʼʼʼ")
    if len(inert) + 8 <= CONTENT_LIMIT:
        return f"```\n{inert}\n```", []
    files = [
        discord.File(io.BytesIO(text.encode()), filename="class-report.txt"),
        discord.File(io.BytesIO(json_text.encode()), filename="class-report.json"),
    ]
    return say("report_file", lang, learners=learners, flagged=flagged), files
