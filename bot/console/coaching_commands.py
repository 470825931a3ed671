"""Console equivalents of the coaching commands (they need the database).

* ``/review``: due review cards first, then new material, asked like a quiz (``/stop`` leaves);
* ``/progress [lesson]``: mastery per objective, as a text chart;
* ``/rank``: the rank card saved as a PNG under the data folder (its path is printed), and as text;
* ``/next``: the single most useful thing to do now, and why;
* ``/remind``: Discord only (reminders are direct messages).
"""

from __future__ import annotations

import random
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.console.render import markdown_text, print_feedback, print_question
from bot.core.coaching.srs import PickReason
from bot.core.pictures import mastery_chart_text, rank_card_text
from bot.core.quiz.session import UnreadableAnswerError
from bot.core.text import Lang, LocalizedText
from bot.services.coached_progress import CoachedProgress
from bot.services.coaching import CoachingService, rank_card_png
from bot.services.coaching_review import ReviewPlanner
from bot.services.quiz import QuizContent
from bot.services.review_sessions import ReviewSession, ReviewSessionService

if TYPE_CHECKING:
    from bot.console.app import ConsoleApp

Handler = Callable[[list[str]], Awaitable[None]]
Clock = Callable[[], datetime]
STOP_WORDS = ("/stop", "/quit", "/exit")

TEXTS: dict[str, LocalizedText] = {
    "review_header": LocalizedText(
        "🔁 Révisions : {count} question(s) ({due} à revoir, {new} nouvelle(s)). /stop pour arrêter.",
        "🔁 Reviews: {count} question(s) ({due} due, {new} new). /stop to leave.",
    ),
    "capped": LocalizedText(
        "✅ Tu as fait tes {cap} révisions du jour. Reviens demain !",
        "✅ You did your {cap} reviews for today. Come back tomorrow!",
    ),
    "nothing_due": LocalizedText(
        "✅ Rien à réviser pour l'instant. Prochaine révision : {when}.",
        "✅ Nothing to review right now. Next review: {when}.",
    ),
    "nothing_at_all": LocalizedText(
        "✅ Rien à réviser pour l'instant : fais un `/quiz` pour commencer.",
        "✅ Nothing to review right now: take a `/quiz` to start.",
    ),
    "leech": LocalizedText("📌 question qui te résiste", "📌 a question you keep missing"),
    "stopped": LocalizedText("Révision arrêtée.", "Review stopped."),
    "review_done": LocalizedText(
        "Révision terminée : {score}/{total} bonne(s) réponse(s).",
        "Review done: {score}/{total} right answer(s).",
    ),
    "xp": LocalizedText("+{xp} XP (total {total})", "+{xp} XP (total {total})"),
    "saved": LocalizedText("🖼️ Carte enregistrée : {path}", "🖼️ Card saved: {path}"),
    "remind": LocalizedText(
        "Les rappels arrivent en message privé sur Discord : utilise `/remind on` là-bas.",
        "Reminders are Discord direct messages: use `/remind on` there.",
    ),
}


def say(key: str, lang: Lang, **values: object) -> str:
    text = TEXTS[key].get(lang)
    return text.format(**values) if values else text


@dataclass(slots=True)
class CoachingTools:
    """What the coaching commands need; built by the composition root when a database is available."""

    coaching: CoachingService
    reviews: ReviewSessionService
    pictures_dir: Path


def coaching_tools(
    sessions: async_sessionmaker[AsyncSession],
    content: QuizContent,
    progress: CoachedProgress,
    data_dir: Path,
) -> CoachingTools:
    coaching = progress.coaching
    reviews = ReviewSessionService(ReviewPlanner(coaching, content), content, progress)
    return CoachingTools(coaching, reviews, data_dir / "pictures")


def utc_now() -> datetime:
    return datetime.now(UTC)


def _file_name(user: str) -> str:
    return "rank-" + (re.sub(r"[^A-Za-z0-9_.-]+", "_", user).strip("._") or "me") + ".png"


class CoachingCommands:
    def __init__(self, app: ConsoleApp, clock: Clock = utc_now) -> None:
        self.app = app
        self.clock = clock

    @property
    def lang(self) -> Lang:
        return self.app.lang

    def say(self, key: str, style: str | None = None, **values: object) -> None:
        self.app.console.print(markdown_text(say(key, self.lang, **values)), style=style)

    def _tools(self) -> CoachingTools | None:
        tools = self.app.features.coaching
        if tools is None:
            self.app.say("no_storage", "yellow", why=self.app.features.storage_missing_reason or "-")
        return tools

    async def review(self, args: list[str]) -> None:
        tools = self._tools()
        if tools is None:
            return
        seed = self.app.seed if self.app.seed is not None else None
        session = await tools.reviews.start(self.app.learner, now=self.clock(), rng=random.Random(seed))
        if not session.items:
            self._nothing_to_review(session)
            return
        picks = [item.pick for item in session.items]
        new = sum(1 for p in picks if p.reason is PickReason.NEW)
        self.say("review_header", "bold", count=len(picks), due=len(picks) - new, new=new)
        while (item := session.current) is not None:
            print_question(
                self.app.console, item.question, session.position + 1, len(session.items), self.lang
            )
            if item.pick.leech:
                self.say("leech", "yellow")
            if not await self._ask(tools, session):
                self.say("stopped", "yellow")
                return
        self.say("review_done", "bold", score=session.score, total=len(session.items))

    async def _ask(self, tools: CoachingTools, session: ReviewSession) -> bool:
        """Read answers until one is readable; False when the learner stops."""
        while True:
            line = self.app._read().strip()
            if line.lower() in STOP_WORDS:
                return False
            try:
                answer = await tools.reviews.answer(
                    session, session.position, line, lang=self.lang, now=self.clock()
                )
            except UnreadableAnswerError as error:
                self.app.console.print(error.message(self.lang), style="yellow")
                continue
            print_feedback(self.app.console, answer.feedback, self.lang)
            hint = answer.reread_hint(self.lang)
            if hint:
                self.app.console.print(markdown_text(hint), style="yellow")
            if answer.outcome.xp_awarded:
                self.say("xp", "green", xp=answer.outcome.xp_awarded, total=answer.outcome.total_xp)
            return True

    def _nothing_to_review(self, session: ReviewSession) -> None:
        queue = session.queue
        if queue.capped:
            self.say("capped", "green", cap=queue.daily_cap)
        elif queue.next_due is not None:
            self.say("nothing_due", "green", when=f"{queue.next_due:%Y-%m-%d %H:%M} UTC")
        else:
            self.say("nothing_at_all", "green")

    async def progress(self, args: list[str]) -> None:
        tools = self._tools()
        if tools is None:
            return
        content = self.app.quiz.content
        lesson = content.lesson(args[0]).id if args else None
        progress = await tools.coaching.progress(
            self.app.learner, lessons=list(content.lessons.values()), now=self.clock(), lesson=lesson
        )
        self.app.console.print(markdown_text(mastery_chart_text(progress.chart, self.lang)))

    async def rank(self, args: list[str]) -> None:
        tools = self._tools()
        if tools is None:
            return
        card = await tools.coaching.rank_card(self.app.learner, now=self.clock())
        png = await rank_card_png(card, self.lang)
        path = tools.pictures_dir / _file_name(self.app.learner.user)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png)
        self.app.console.print(markdown_text(rank_card_text(card, self.lang)))
        self.say("saved", "green", path=str(path.resolve()))

    async def next(self, args: list[str]) -> None:
        tools = self._tools()
        if tools is None:
            return
        lessons = list(self.app.quiz.content.lessons.values())
        step = await tools.coaching.next_step(self.app.learner, lessons=lessons, now=self.clock())
        self.app.console.print(markdown_text(step.message(self.lang)))

    async def remind(self, args: list[str]) -> None:
        self.say("remind", "yellow")


def coaching_commands(app: ConsoleApp, clock: Clock = utc_now) -> dict[str, Handler]:
    """The console's coaching commands, to merge into its command table."""
    commands = CoachingCommands(app, clock)
    return {
        "/review": commands.review,
        "/progress": commands.progress,
        "/rank": commands.rank,
        "/next": commands.next,
        "/remind": commands.remind,
    }
