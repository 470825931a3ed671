"""How a live quiz looks in Discord: the question with its buttons, the results at time-up, the podium."""

from __future__ import annotations

import discord

from bot.core import live as rules
from bot.core.live import ClickVerdict, LiveStatus, Standing
from bot.core.text import Lang, LocalizedText
from bot.discord_bot.embeds import COLOUR
from bot.services.live import FinalReport, LiveQuestionState, LiveQuizState, QuestionReport

MEDALS = ("🥇", "🥈", "🥉")
ANSWER_ID = r"lq:(?P<quiz>[0-9a-f]{32}):(?P<position>[0-9]{1,2}):(?P<choice>[0-4])"
CONTROL_ID = r"lqc:(?P<quiz>[0-9a-f]{32}):(?P<action>skip|pause|stop)"

TEXTS: dict[str, LocalizedText] = {
    "title": LocalizedText("🎯 Quiz en direct — {lesson}", "🎯 Live quiz — {lesson}"),
    "progress": LocalizedText("Question {n}/{total}", "Question {n}/{total}"),
    "ends": LocalizedText("⏱️ Fin {when}", "⏱️ Ends {when}"),
    "paused_left": LocalizedText("⏸️ En pause ({seconds} s restantes)", "⏸️ Paused ({seconds} s left)"),
    "how": LocalizedText(
        "Clique ta réponse : elle reste privée et tu peux changer d'avis jusqu'à la fin du temps.",
        "Click your answer: it stays private and you may change it until time is up.",
    ),
    "answer": LocalizedText("✅ Réponse : **{letter}.** {text}", "✅ Answer: **{letter}.** {text}"),
    "nobody": LocalizedText("Personne n'a répondu.", "Nobody answered."),
    "top": LocalizedText("**Top 5**", "**Top 5**"),
    "points": LocalizedText("{points} pts ({correct}/{answered})", "{points} pts ({correct}/{answered})"),
    "skip": LocalizedText("Passer", "Skip"),
    "pause": LocalizedText("Pause", "Pause"),
    "resume": LocalizedText("Reprendre", "Resume"),
    "stop": LocalizedText("Arrêter", "Stop"),
    "podium": LocalizedText("🏁 Fin du quiz en direct — {lesson}", "🏁 Live quiz over — {lesson}"),
    "stopped": LocalizedText("Quiz arrêté par l'animateur.", "Quiz stopped by the host."),
    "closed": LocalizedText("Quiz clos par le bot.", "Quiz closed by the bot."),
    "participants": LocalizedText("{n} participant(s).", "{n} participant(s)."),
    "xp_paid": LocalizedText(
        "XP versée : {participation} XP de participation à chacun, plus l'XP des bonnes réponses.",
        "XP paid: {participation} XP for taking part, plus the XP of right answers.",
    ),
    "xp_none": LocalizedText(
        "Pas d'XP : il faut au moins {min} participants.", "No XP: it takes at least {min} participants."
    ),
    "resumed": LocalizedText(
        "🔄 J'ai redémarré : le quiz en direct continue (question {n}/{total}).",
        "🔄 I restarted: the live quiz goes on (question {n}/{total}).",
    ),
    "closed_on_restart": LocalizedText(
        "🔄 J'ai redémarré et ce quiz en direct était arrêté depuis trop longtemps : je le clos.",
        "🔄 I restarted and this live quiz had been stalled too long: I'm closing it.",
    ),
    # private confirmations of a click
    ClickVerdict.ACCEPTED: LocalizedText(
        "Réponse **{letter}** enregistrée.", "Answer **{letter}** recorded."
    ),
    ClickVerdict.CHANGED: LocalizedText("Réponse changée : **{letter}**.", "Answer changed to **{letter}**."),
    ClickVerdict.SAME: LocalizedText("Ta réponse reste **{letter}**.", "Your answer stays **{letter}**."),
    ClickVerdict.TOO_LATE: LocalizedText(
        "⏱️ Trop tard : le temps est écoulé pour cette question.", "⏱️ Too late: time is up for this question."
    ),
    ClickVerdict.PAUSED: LocalizedText(
        "⏸️ Le quiz est en pause, réessaie à la reprise.", "⏸️ The quiz is paused, try again when it resumes."
    ),
    ClickVerdict.OVER: LocalizedText("Ce quiz en direct est terminé.", "This live quiz is over."),
    "skipped": LocalizedText("⏭️ Question passée.", "⏭️ Question skipped."),
    "stopping": LocalizedText("⏹️ Quiz arrêté.", "⏹️ Quiz stopped."),
}


def say(key: str, lang: Lang | str, **values: object) -> str:
    text = TEXTS[key].get(lang)
    return text.format(**values) if values else text


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _name(standing: Standing) -> str:
    return discord.utils.escape_markdown(cut(standing.display_name or standing.user, 40))


def _choices(state: LiveQuestionState, lang: Lang) -> list[str]:
    return [
        f"**{rules.LETTERS[i]}.** {cut(choice.get(lang), 300)}"
        for i, choice in enumerate(state.question.choices)
    ]


def question_embed(
    quiz: LiveQuizState, state: LiveQuestionState, lang: Lang, *, paused_seconds: int | None
) -> discord.Embed:
    lines = [
        f"**{say('progress', lang, n=state.position + 1, total=quiz.count)}**",
        cut(state.question.prompt.get(lang), 1500),
        "",
        *_choices(state, lang),
        "",
    ]
    if paused_seconds is not None:
        lines.append(say("paused_left", lang, seconds=paused_seconds))
    elif state.timing is not None:
        when = discord.utils.format_dt(state.timing.closes_at, "R")
        lines.append(say("ends", lang, when=when))
    embed = discord.Embed(title=cut(say("title", lang, lesson=quiz.lesson_title), 256), colour=COLOUR)
    embed.description = cut("\n".join(lines), 4096)
    embed.set_footer(text=say("how", lang))
    return embed


def _standings(top: tuple[Standing, ...], lang: Lang) -> list[str]:
    lines = []
    for s in top:
        medal = MEDALS[s.rank - 1] if s.rank <= len(MEDALS) else f"{s.rank}."
        score = say("points", lang, points=s.points, correct=s.correct, answered=s.answered)
        lines.append(f"{medal} {_name(s)} — {score}")
    return lines


def results_embed(report: QuestionReport, lang: Lang) -> discord.Embed:
    question = report.question.question
    right = question.correct
    lines = [
        f"**{say('progress', lang, n=report.question.position + 1, total=report.quiz.count)}**",
        cut(question.prompt.get(lang), 1200),
        "",
        say("answer", lang, letter=rules.LETTERS[right], text=cut(question.choices[right].get(lang), 300)),
    ]
    if question.explanation.get(lang):
        lines.append(cut(question.explanation.get(lang), 800))
    lines += ["", "```", *rules.tally_lines(report.tally, right), "```"]
    if report.top:
        lines += [say("top", lang), *_standings(report.top, lang)]
    else:
        lines.append(say("nobody", lang))
    embed = discord.Embed(title=cut(say("title", lang, lesson=report.quiz.lesson_title), 256), colour=COLOUR)
    embed.description = cut("\n".join(lines), 4096)
    return embed


def podium_embed(report: FinalReport, lang: Lang) -> discord.Embed:
    lines = _standings(report.standings[: rules.TOP_N], lang) or [say("nobody", lang)]
    lines.append("")
    if report.quiz.status is LiveStatus.STOPPED:
        lines.append(say("stopped", lang))
    elif report.quiz.status is LiveStatus.CLOSED:
        lines.append(say("closed", lang))
    lines.append(say("participants", lang, n=report.participants))
    if report.participants >= rules.MIN_PARTICIPANTS_FOR_XP:
        lines.append(say("xp_paid", lang, participation=rules.PARTICIPATION_XP))
    else:
        lines.append(say("xp_none", lang, min=rules.MIN_PARTICIPANTS_FOR_XP))
    embed = discord.Embed(title=cut(say("podium", lang, lesson=report.quiz.lesson_title), 256), colour=COLOUR)
    embed.description = cut("\n".join(lines), 4096)
    return embed


def click_text(verdict: ClickVerdict, choice: int, lang: Lang) -> str:
    return (
        say(verdict, lang, letter=rules.LETTERS[choice])
        if "{letter}" in TEXTS[verdict].fr
        else say(verdict, lang)
    )
