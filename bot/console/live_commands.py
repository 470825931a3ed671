"""Console equivalents of the study-group commands.

* ``/live [lesson] [kind] [count] [seconds]``: a solo "live" quiz against the clock, scored like the group
  one (full points in the grace period, then down to half at the deadline; late answers do not count).
  Solo live quizzes earn no XP: live XP needs at least three participants.
* ``/challenge``: this week's challenge (needs the database), one attempt, played like a quiz;
  ``/challenge top`` shows its leaderboard.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from rich.text import Text

from bot.console.render import markdown_text, print_feedback, print_question, print_summary
from bot.core import live as rules
from bot.core.errors import DomainError
from bot.core.live import LiveQuestion
from bot.core.quiz.bank import KIND as BANK_KIND
from bot.core.quiz.registry import kinds
from bot.core.quiz.session import UnreadableAnswerError, build_quiz
from bot.core.text import Lang, LocalizedText

if TYPE_CHECKING:
    from bot.console.app import ConsoleApp
    from bot.services.challenge import ChallengeBoard, ChallengeService
    from bot.services.quiz_runs import QuizStep

Handler = Callable[[list[str]], Awaitable[None]]

TEXTS: dict[str, LocalizedText] = {
    "usage": LocalizedText(
        "Usage : /live [leçon] [type] [nombre] [secondes] (par exemple /live image_name 3 20).",
        "Usage: /live [lesson] [kind] [count] [seconds] (e.g. /live image_name 3 20).",
    ),
    "header": LocalizedText(
        "⏱️ Quiz en direct (solo) : {count} question(s), {seconds} s chacune. Réponds par la lettre.",
        "⏱️ Live quiz (solo): {count} question(s), {seconds} s each. Answer with the letter.",
    ),
    "question": LocalizedText("Question {n}/{total} — {seconds} s", "Question {n}/{total} — {seconds} s"),
    "pick": LocalizedText("Ta réponse (A à {last}) :", "Your answer (A to {last}):"),
    "bad_letter": LocalizedText(
        "Réponds par une lettre de A à {last}.", "Answer with a letter from A to {last}."
    ),
    "late": LocalizedText(
        "⏱️ Temps écoulé ({elapsed} s) : réponse non comptée. C'était {letter}.",
        "⏱️ Time is up ({elapsed} s): answer not counted. It was {letter}.",
    ),
    "right": LocalizedText("✅ +{points} pts (en {elapsed} s)", "✅ +{points} pts (in {elapsed} s)"),
    "wrong": LocalizedText("❌ Raté : c'était {letter}.", "❌ Wrong: it was {letter}."),
    "total": LocalizedText(
        "Score : {points} pts, {right}/{total} bonne(s) réponse(s).",
        "Score: {points} pts, {right}/{total} right answer(s).",
    ),
    "no_xp": LocalizedText(
        "Mode solo : pas d'XP (il en faut {min} en direct sur Discord).",
        "Solo mode: no XP (it takes {min} live on Discord).",
    ),
    "challenge_header": LocalizedText(
        "🏆 Défi de la semaine {week} : les mêmes questions pour tout le monde, une seule tentative.",
        "🏆 Challenge of the week {week}: the same questions for everyone, one attempt.",
    ),
    "challenge_xp": LocalizedText("+{xp} XP pour ce défi.", "+{xp} XP for this challenge."),
    "challenge_top": LocalizedText("🏆 Défi de la semaine {week}", "🏆 Challenge of the week {week}"),
    "challenge_empty": LocalizedText("Personne n'a encore relevé le défi.", "Nobody took the challenge yet."),
    "challenge_line": LocalizedText(
        "{rank:>3}. {name} — {score}/{total} en {seconds} s",
        "{rank:>3}. {name} — {score}/{total} in {seconds} s",
    ),
    "challenge_unfinished": LocalizedText(
        "{rank:>3}. {name} — en cours ({score}/{total})", "{rank:>3}. {name} — in progress ({score}/{total})"
    ),
}


def say(key: str, lang: Lang, **values: object) -> str:
    text = TEXTS[key].get(lang)
    return text.format(**values) if values else text


class StudyCommands:
    """The handlers, bound to a console app; ``clock`` gives seconds (monotonic) and is injectable."""

    def __init__(self, app: ConsoleApp, clock: Callable[[], float] = time.monotonic) -> None:
        self.app = app
        self.clock = clock

    def say(self, key: str, style: str | None = None, **values: object) -> None:
        self.app.console.print(markdown_text(say(key, self.app.lang, **values)), style=style)

    def _args(self, args: list[str]) -> tuple[str | None, str | None, int, int]:
        lesson, kind, numbers = None, None, []
        for arg in args:
            if arg in (*kinds(), BANK_KIND) and kind is None:
                kind = arg
            elif arg.isdigit():
                numbers.append(int(arg))
            elif lesson is None:
                lesson = arg
            else:
                raise DomainError(say("usage", Lang.FR), say("usage", Lang.EN))
        if len(numbers) > 2:
            raise DomainError(say("usage", Lang.FR), say("usage", Lang.EN))
        count = numbers[0] if numbers else rules.DEFAULT_QUESTIONS
        seconds = numbers[1] if len(numbers) > 1 else rules.DEFAULT_SECONDS
        rules.check_settings(count, seconds, min_seconds=1)
        return lesson, kind, count, seconds

    def pick(self, lesson_id: str | None, kind: str | None, count: int) -> list[LiveQuestion]:
        content = self.app.quiz.content
        lesson = content.lesson(lesson_id)
        seed = self.app.seed if self.app.seed is not None else int(self.clock() * 1000)
        built = build_quiz(
            lesson, content.bank(lesson.id), content.context, seed=seed, count=count * 4, kind=kind
        )
        picked = [q for q in map(rules.live_question, built) if q is not None][:count]
        if not picked:
            raise DomainError(
                f"Pas de question à un clic pour la leçon {lesson.id}.",
                f"No one-click question for lesson {lesson.id}.",
            )
        return picked

    async def live(self, args: list[str]) -> None:
        lesson, kind, count, seconds = self._args(args)
        questions = self.pick(lesson, kind, count)
        self.say("header", "bold", count=len(questions), seconds=seconds)
        points = right = 0
        for n, question in enumerate(questions, start=1):
            earned = self._ask(question, n, len(questions), seconds)
            points += earned
            right += earned > 0
        self.say("total", "bold", points=points, right=right, total=len(questions))
        self.say("no_xp", "dim", min=rules.MIN_PARTICIPANTS_FOR_XP)

    def _ask(self, question: LiveQuestion, n: int, total: int, seconds: int) -> int:
        lang, console = self.app.lang, self.app.console
        console.print()
        console.print(Text(say("question", lang, n=n, total=total, seconds=seconds), style="bold magenta"))
        console.print(markdown_text(question.prompt.get(lang)))
        for i, choice in enumerate(question.choices):
            line = Text(f"  {rules.LETTERS[i]}. ", style="bold")
            line.append_text(markdown_text(choice.get(lang)))
            console.print(line)
        last = rules.LETTERS[len(question.choices) - 1]
        self.say("pick", "dim", last=last)
        started = self.clock()
        choice = self._read_choice(len(question.choices), last)
        elapsed = self.clock() - started
        letter = rules.LETTERS[question.correct]
        shown = f"{elapsed:.1f}"
        if elapsed > seconds:
            self.say("late", "yellow", elapsed=shown, letter=letter)
            return 0
        earned = rules.points_for(choice == question.correct, elapsed, seconds)
        if earned:
            self.say("right", "bold green", points=earned, elapsed=shown)
        else:
            self.say("wrong", "bold red", letter=letter)
        if question.explanation.get(lang):
            console.print(markdown_text(question.explanation.get(lang)))
        return earned

    def _read_choice(self, choices: int, last: str) -> int:
        while True:
            line = self.app._read().strip().upper()
            if len(line) == 1 and line in rules.LETTERS[:choices]:
                return rules.LETTERS.index(line)
            if line.isdigit() and 1 <= int(line) <= choices:
                return int(line) - 1
            self.say("bad_letter", "yellow", last=last)

    async def challenge(self, args: list[str]) -> None:
        service = self.app.features.challenge
        if service is None:
            self.app.say("no_storage", "yellow", why=self.app.features.storage_missing_reason or "-")
            return
        now = datetime.now(UTC)
        if args and args[0].lower() in ("top", "classement", "leaderboard"):
            self._print_board(await service.leaderboard(self.app.learner.community, now=now))
            return
        started = await service.start(self.app.learner, now=now, private=True)
        self.say("challenge_header", "bold", week=started.week.label)
        step = started.step
        while (question := step.question) is not None:
            position = len(step.quiz.session.results)
            print_question(
                self.app.console, question, position + 1, len(step.quiz.session.questions), self.app.lang
            )
            step = await self._answer(service, step, position)
            service.runs.record(step)
            assert step.feedback is not None
            print_feedback(self.app.console, step.feedback, self.app.lang)
        final = await service.runs.settle(step, self.app.learner)
        if final.result is not None:
            print_summary(self.app.console, final.result.summary, self.app.lang)
        if final.run.xp_gained:
            self.say("challenge_xp", "green", xp=final.run.xp_gained)

    async def _answer(self, service: ChallengeService, step: QuizStep, position: int) -> QuizStep:
        while True:
            try:
                return await service.runs.answer(
                    step.run.id, self.app.learner, position, self.app._read().strip(),
                    lang=self.app.lang, now=datetime.now(UTC),
                )  # fmt: skip
            except UnreadableAnswerError as error:
                self.app.console.print(error.message(self.app.lang), style="yellow")

    def _print_board(self, board: ChallengeBoard) -> None:
        lang = self.app.lang
        self.say("challenge_top", "bold", week=board.week.label)
        if not board.entries:
            self.say("challenge_empty")
        for entry in board.entries[:10]:
            r = entry.result
            key = "challenge_line" if r.finished else "challenge_unfinished"
            self.app.console.print(
                say(key, lang, rank=entry.rank, name=r.display_name or r.user, score=r.score, total=r.total,
                    seconds=round(r.seconds))
            )  # fmt: skip


def live_commands(app: ConsoleApp, clock: Callable[[], float] = time.monotonic) -> dict[str, Handler]:
    """The console's study-group commands, to merge into its command table."""
    commands = StudyCommands(app, clock)
    return {"/live": commands.live, "/challenge": commands.challenge}
