"""Rendering quiz objects for the terminal with rich (plain text when the output is a pipe)."""

from __future__ import annotations

import re

from rich.console import Console
from rich.text import Text

from bot.console.messages import t
from bot.core.lessons import Lesson
from bot.core.quiz.questions import Question, QuestionType
from bot.core.quiz.session import Feedback, QuizSummary, review_hint
from bot.core.text import Lang

_INLINE_CODE = re.compile(r"`([^`\n]+)`")
STARS = {1: "★☆☆", 2: "★★☆", 3: "★★★"}


def markdown_text(text: str) -> Text:
    """Inline `code` in cyan (backticks kept, for pipes), fenced blocks dimmed; no rich markup."""
    out = Text()
    in_fence = False
    for i, line in enumerate(text.split("\n")):
        if i:
            out.append("\n")
        if line.strip().startswith("```"):
            in_fence = not in_fence
            continue
        if in_fence:
            out.append(f"    {line}", style="dim")
            continue
        last = 0
        for match in _INLINE_CODE.finditer(line):
            out.append(line[last : match.start()])
            out.append(match[0], style="bold cyan")
            last = match.end()
        out.append(line[last:])
    return out


def print_question(console: Console, question: Question, position: int, total: int, lang: Lang) -> None:
    header = (
        f"{t('question', lang, n=position, total=total)} · {question.kind} · {STARS[question.difficulty]}"
    )
    console.print()
    console.print(Text(header, style="bold magenta"))
    console.print(markdown_text(question.prompt.get(lang)))
    for number, choice in enumerate(question.choice_texts(lang), start=1):
        line = Text(f"  {number}. ", style="bold")
        line.append_text(markdown_text(choice))
        console.print(line)
    key = "your_text_answer" if question.type is QuestionType.SHORT_ANSWER else "your_answer"
    console.print(Text(t(key, lang), style="dim"))


def print_feedback(console: Console, feedback: Feedback, lang: Lang) -> None:
    if feedback.correct:
        console.print(Text(t("right", lang), style="bold green"))
    else:
        console.print(markdown_text(t("wrong", lang, answer=feedback.answer)), style="bold red")
        if feedback.mistake is not None:
            console.print(
                markdown_text(t("mistake", lang, mistake=feedback.mistake.get(lang))), style="yellow"
            )
    console.print(markdown_text(feedback.explanation.get(lang)))
    if feedback.review:
        console.print(Text(review_hint(feedback.review, lang), style="blue"))


def print_summary(console: Console, summary: QuizSummary, lang: Lang) -> None:
    console.print()
    score = t("summary", lang, score=summary.score, total=summary.total, percent=summary.percent)
    console.print(Text(score, style="bold"))
    if summary.passed:
        console.print(Text(t("passed", lang, title=summary.lesson.meta.title), style="bold green"))
    else:
        console.print(Text(t("failed", lang), style="yellow"))
    for label in summary.review:
        console.print(Text(review_hint(label, lang), style="blue"))


def print_lesson(console: Console, lesson: Lesson, kinds: tuple[str, ...], lang: Lang) -> None:
    console.print(Text(f"{lesson.meta.icon} {lesson.meta.title}", style="bold"))
    console.print(f"{lesson.meta.description} · {lesson.meta.duration} · {lesson.meta.xp_reward} XP")
    console.print(Text(t("objectives", lang), style="bold"))
    for objective in lesson.meta.objectives:
        console.print(f"  • {objective}")
    console.print(Text(t("sections", lang), style="bold"))
    for section in lesson.sections:
        console.print(f"  {section.label}")
    console.print(t("quiz_kinds", lang, kinds=", ".join(kinds)))
