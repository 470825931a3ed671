"""The terminal console: the same commands as on Discord, read line by line from any text stream.

It works in a terminal and over a pipe (tests drive it through stdin). End of input exits cleanly.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TextIO

from rich.console import Console
from rich.markdown import Markdown
from rich.table import Table
from rich.text import Text

from bot.console.coaching_commands import CoachingTools, coaching_commands
from bot.console.live_commands import live_commands
from bot.console.messages import t
from bot.console.render import markdown_text, print_feedback, print_lesson, print_question, print_summary
from bot.core.errors import DomainError
from bot.core.learners import LearnerKey
from bot.core.quiz.registry import kinds
from bot.core.quiz.session import DEFAULT_COUNT, UnreadableAnswerError
from bot.core.text import Lang
from bot.services.challenge import ChallengeService
from bot.services.coached_progress import reread_hint_of
from bot.services.quiz import ActiveQuiz, QuizService

log = logging.getLogger(__name__)

# Optional features, wired by the composition root when storage / the explainer are available.
XpFn = Callable[[LearnerKey], Awaitable[str]]
LeaderboardFn = Callable[[LearnerKey], Awaitable[str]]
ExplainFn = Callable[[str, Lang], Awaitable[str]]


@dataclass(slots=True)
class ConsoleFeatures:
    xp: XpFn | None = None
    leaderboard: LeaderboardFn | None = None
    explain: ExplainFn | None = None
    storage_missing_reason: str = ""
    challenge: ChallengeService | None = None  # weekly challenge (needs the database)
    coaching: CoachingTools | None = None  # /review, /progress, /rank, /next (needs the database)


class _Quit(Exception):
    """The learner asked to leave (or input ended)."""


class ConsoleApp:
    def __init__(
        self,
        quiz: QuizService,
        *,
        learner: LearnerKey,
        stdin: TextIO,
        console: Console,
        lang: Lang = Lang.FR,
        features: ConsoleFeatures | None = None,
        seed: int | None = None,
    ) -> None:
        self.seed = seed  # fixed quiz seeds (tests, demos); None: a fresh quiz each time
        self.quiz = quiz
        self.learner = learner
        self.stdin = stdin
        self.console = console
        self.lang = lang
        self.features = features or ConsoleFeatures()
        self._quizzes = 0
        self._commands: dict[str, Callable[[list[str]], Awaitable[None]]] = {
            "/help": self._help,
            "/lessons": self._lessons,
            "/lesson": self._lesson,
            "/quiz": self._quiz,
            "/explain": self._explain,
            "/xp": self._xp,
            "/leaderboard": self._leaderboard,
        }
        self._commands.update(live_commands(self))  # /live, /challenge
        self._commands.update(coaching_commands(self))  # /review, /progress, /rank, /next, /remind

    def say(self, key: str, style: str | None = None, **values: object) -> None:
        self.console.print(markdown_text(t(key, self.lang, **values)), style=style)

    def _read(self) -> str:
        line = self.stdin.readline()
        if not line:
            raise _Quit
        return line.rstrip("\r\n")

    async def run(self) -> int:
        self.say("welcome", "bold")
        try:
            while True:
                self.console.print(Text("> ", style="bold"), end="")
                line = self._read().strip()
                if line:
                    await self.handle(line)
        except _Quit:
            self.console.print()
            self.say("bye")
        return 0

    async def handle(self, line: str) -> None:
        """Run one command line; domain errors become their message, anything else a short apology."""
        words = line.split()
        command = words[0].lower()
        if command in ("/quit", "/exit"):
            raise _Quit
        handler = self._commands.get(command)
        if handler is None:
            self.say(
                "unknown_command" if line.startswith("/") else "not_a_command", "yellow", command=command
            )
            return
        try:
            await handler(words[1:])
        except DomainError as error:
            self.console.print(markdown_text(error.message(self.lang)), style="yellow")
        except _Quit:
            raise
        except Exception:
            log.exception("console command failed: %s", command)
            self.say("sorry", "red")

    async def _help(self, args: list[str]) -> None:
        self.say("help", kinds=", ".join((*kinds(), "bank")))

    async def _lessons(self, args: list[str]) -> None:
        lessons = list(self.quiz.content.lessons.values())
        if not lessons:
            self.say("no_lessons", "yellow")
            return
        table = Table(show_header=True, header_style="bold")
        for column in ("#", "id", "", "titre" if self.lang is Lang.FR else "title", "durée", "XP"):
            table.add_column(column)
        for lesson in lessons:
            meta = lesson.meta
            table.add_row(
                str(meta.order), lesson.id, meta.icon, meta.title, meta.duration, str(meta.xp_reward)
            )
        self.console.print(table)

    async def _lesson(self, args: list[str]) -> None:
        if not args:
            example = next(iter(self.quiz.content.lessons), "10-registries")
            self.say("lesson_usage", "yellow", example=example)
            return
        lesson = self.quiz.content.lesson(args[0])
        print_lesson(self.console, lesson, self.quiz.content.sources(lesson), self.lang)

    def _is_lesson(self, arg: str) -> bool:
        try:
            self.quiz.content.lesson(arg)
        except DomainError:
            return False
        return True

    def _quiz_args(self, args: list[str]) -> tuple[str | None, str | None, int | None]:
        """``[lesson] [kind] [count]``, any order: kind by name, lesson by id or number, else a count."""
        lesson, kind, count = None, None, None
        known_kinds = (*kinds(), "bank")
        for arg in args:
            if arg in known_kinds and kind is None:
                kind = arg
            elif lesson is None and self._is_lesson(arg):
                lesson = arg
            elif arg.isdigit() and count is None:
                count = int(arg)
            elif lesson is None:
                lesson = arg  # unknown: the service says which lessons exist
            else:
                raise DomainError(t("quiz_bad_arg", Lang.FR, arg=arg), t("quiz_bad_arg", Lang.EN, arg=arg))
        return lesson, kind, count

    async def _quiz(self, args: list[str]) -> None:
        lesson, kind, count = self._quiz_args(args)
        seed = None if self.seed is None else self.seed + self._quizzes
        self._quizzes += 1
        active = self.quiz.start(self.learner, lesson, kind=kind, count=count or DEFAULT_COUNT, seed=seed)
        await self._play(active)

    async def _play(self, active: ActiveQuiz) -> None:
        total = len(active.session.questions)
        while (question := active.current) is not None:
            print_question(self.console, question, len(active.session.results) + 1, total, self.lang)
            while True:
                self.console.print(Text("> ", style="bold"), end="")
                line = self._read().strip()
                if line.lower() in ("/stop", "/quit", "/exit"):
                    self.say("stopped", "yellow")
                    if line.lower() != "/stop":
                        raise _Quit
                    return
                try:
                    result = await self.quiz.answer(active, line, self.lang)
                except UnreadableAnswerError as error:
                    self.console.print(error.message(self.lang), style="yellow")
                    continue
                break
            print_feedback(self.console, result.feedback, self.lang)
            if hint := reread_hint_of(result.outcome, self.lang):  # a leech: which section to re-read
                self.console.print(markdown_text(hint), style="yellow")
            if result.outcome is not None and result.outcome.xp_awarded:
                self.say("xp_gained", "green", xp=result.outcome.xp_awarded, total=result.outcome.total_xp)
        finished = await self.quiz.finish(active)
        print_summary(self.console, finished.summary, self.lang)
        outcome = finished.outcome
        if outcome is not None and outcome.xp_awarded:
            self.say("reward", "green", xp=outcome.xp_awarded, total=outcome.total_xp)

    async def _explain(self, args: list[str]) -> None:
        self.say("explain_prompt", "dim")
        lines: list[str] = []
        try:
            while line := self._read():
                lines.append(line)
        except _Quit:
            pass  # end of input also ends the paste
        if self.features.explain is None:
            self.say("explain_unavailable", "yellow")
            return
        if not "".join(lines).strip():
            self.say("explain_empty", "yellow")
            return
        self.console.print(Markdown(await self.features.explain("\n".join(lines), self.lang)))

    async def _xp(self, args: list[str]) -> None:
        if self.features.xp is None:
            self.say("no_storage", "yellow", why=self.features.storage_missing_reason or "-")
            return
        self.console.print(await self.features.xp(self.learner))

    async def _leaderboard(self, args: list[str]) -> None:
        if self.features.leaderboard is None:
            self.say("no_storage", "yellow", why=self.features.storage_missing_reason or "-")
            return
        self.console.print(await self.features.leaderboard(self.learner))
