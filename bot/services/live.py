"""Live group quizzes: start (one per channel), show questions, take clicks, close with results, pay XP.

Every step is one transaction against the stored state, so any process (or a restarted bot) can continue a
quiz. XP goes through :class:`~bot.services.progress.ProgressService` with the idempotent keys of
:mod:`bot.core.live` (participation once per quiz, each question once), and only with enough participants.
"""

from __future__ import annotations

import logging
import random
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core import live as rules
from bot.core.errors import DomainError
from bot.core.learners import LearnerKey
from bot.core.live import (
    ClickVerdict,
    LiveQuestion,
    LiveStatus,
    ScoredAnswer,
    Standing,
    Tally,
    XpAward,
)
from bot.core.progress import AwardOutcome
from bot.core.quiz.session import build_quiz
from bot.services.live_clicks import ClickWriter
from bot.services.progress import ProgressService
from bot.services.quiz import QuizContent
from bot.storage.db import run_transaction
from bot.storage.live_repo import (
    LiveQuestionState,
    LiveQuizRepository,
    LiveQuizState,
)

log = logging.getLogger(__name__)

__all__ = ["LiveQuestionState", "LiveQuizState", "LiveService"]


class ChannelBusyError(DomainError):
    def __init__(self) -> None:
        super().__init__(
            "Un quiz en direct est déjà en cours dans ce salon. Attends sa fin (ou demande à l'animateur).",
            "A live quiz is already running in this channel. Wait for it to end (or ask its host).",
        )


class NoLiveQuestionsError(DomainError):
    def __init__(self, lesson: str) -> None:
        super().__init__(
            f"Pas de question à un clic pour la leçon {lesson} (essaie un autre type).",
            f"No one-click question for lesson {lesson} (try another kind).",
        )


class NotHostError(DomainError):
    def __init__(self) -> None:
        super().__init__(
            "Seul l'animateur du quiz (ou un modérateur) peut faire ça.",
            "Only the quiz's host (or a moderator) can do that.",
        )


class LiveQuizOverError(DomainError):
    def __init__(self) -> None:
        super().__init__("Ce quiz en direct est terminé.", "This live quiz is over.")


@dataclass(frozen=True, slots=True)
class LiveRound:
    quiz: LiveQuizState
    question: LiveQuestionState | None  # the current question (None once every question was played)


@dataclass(frozen=True, slots=True)
class QuestionReport:
    """What the channel sees when a question closes."""

    quiz: LiveQuizState
    question: LiveQuestionState
    tally: Tally
    scored: tuple[ScoredAnswer, ...]  # this question's answers
    top: tuple[Standing, ...]  # running top 5
    last: bool


@dataclass(frozen=True, slots=True)
class FinalReport:
    quiz: LiveQuizState
    standings: tuple[Standing, ...]
    participants: int
    awards: tuple[tuple[XpAward, AwardOutcome], ...]  # empty below the participant minimum
    ended_now: bool  # False when the quiz had already ended (another process did it)

    def level_ups(self) -> dict[str, int]:
        """Users whose level went up with this quiz's XP, and their new level."""
        ups: dict[str, int] = {}
        for award, outcome in self.awards:
            if outcome.leveled_up:
                ups[award.user] = max(ups.get(award.user, 0), outcome.level)
        return ups


class LiveService:
    def __init__(
        self,
        content: QuizContent,
        progress: ProgressService,
        sessions: async_sessionmaker[AsyncSession],
        *,
        min_seconds: float = rules.MIN_SECONDS,
    ) -> None:
        self.content = content
        self._progress = progress
        self._sessions = sessions
        self.min_seconds = min_seconds
        self._clicks = ClickWriter(sessions)

    def pick_questions(
        self, lesson_id: str | None, kind: str | None, count: int, seed: int
    ) -> list[LiveQuestion]:
        lesson = self.content.lesson(lesson_id)
        built = build_quiz(
            lesson, self.content.bank(lesson.id), self.content.context, seed=seed, count=count * 4, kind=kind
        )
        picked = [q for q in (rules.live_question(question) for question in built) if q is not None][:count]
        if not picked:
            raise NoLiveQuestionsError(lesson.id)
        return picked

    async def start(
        self,
        host: LearnerKey,
        channel_id: str,
        *,
        lesson_id: str | None,
        kind: str | None,
        count: int = rules.DEFAULT_QUESTIONS,
        seconds: int = rules.DEFAULT_SECONDS,
        lang: str = "fr",
        now: datetime,
        seed: int | None = None,
    ) -> LiveRound:
        """Create the quiz, claim the channel and open the first question."""
        rules.check_settings(count, seconds, min_seconds=self.min_seconds)
        seed = random.SystemRandom().randrange(2**31) if seed is None else seed
        questions = self.pick_questions(lesson_id, kind, count, seed)
        lesson = self.content.lesson(questions[0].lesson if lesson_id is None else lesson_id)
        quiz = LiveQuizState(
            uuid.uuid4().hex, host.community, channel_id, host.user, lesson.id, lesson.meta.title, seconds,
            len(questions), lang, LiveStatus.RUNNING, 0, False, now, now,
        )  # fmt: skip

        async def work(session: AsyncSession) -> LiveRound:
            repo = LiveQuizRepository(session)
            await repo.add(quiz, questions)
            if not await repo.lock_channel(channel_id, quiz.id):
                raise ChannelBusyError()
            await repo.open(quiz.id, 0, rules.open_question(now, seconds))
            return LiveRound(quiz, await repo.question(quiz.id, 0))

        return await run_transaction(self._sessions, work)

    async def round(self, quiz_id: str) -> LiveRound | None:
        async def work(session: AsyncSession) -> LiveRound | None:
            repo = LiveQuizRepository(session)
            quiz = await repo.get(quiz_id)
            if quiz is None:
                return None
            return LiveRound(quiz, await repo.question(quiz_id, quiz.position))

        return await run_transaction(self._sessions, work, read_only=True)

    async def active(self) -> list[LiveQuizState]:
        async def work(session: AsyncSession) -> list[LiveQuizState]:
            return await LiveQuizRepository(session).active()

        return await run_transaction(self._sessions, work, read_only=True)

    async def attach_message(self, quiz_id: str, position: int, message_id: int | str) -> None:
        async def work(session: AsyncSession) -> None:
            await LiveQuizRepository(session).attach_message(quiz_id, position, str(message_id))

        await run_transaction(self._sessions, work)

    async def click(
        self, quiz_id: str, position: int, learner: LearnerKey, choice: int, *, now: datetime
    ) -> ClickVerdict:
        """Record a member's click on question ``position``; the verdict says what happened.

        Clicks arriving together are written in one transaction (group commit): a burst of hundreds of
        members answering at once costs a few transactions instead of one each. Each click keeps its own
        time, so batching never changes whether it was in time.
        """
        return await self._clicks.submit(quiz_id, position, learner, choice, now)

    @staticmethod
    def check_control(quiz: LiveQuizState, user: str, *, moderator: bool) -> None:
        if user != quiz.host_id and not moderator:
            raise NotHostError()

    async def _controlled(
        self, quiz_id: str, user: str, moderator: bool, session: AsyncSession
    ) -> LiveQuizState:
        quiz = await LiveQuizRepository(session).get(quiz_id)
        if quiz is None or not quiz.status.active:
            raise LiveQuizOverError()
        self.check_control(quiz, user, moderator=moderator)
        return quiz

    async def skip(self, quiz_id: str, user: str, *, moderator: bool, now: datetime) -> LiveQuizState:
        """End the current question now (its results are shown as if time were up)."""

        async def work(session: AsyncSession) -> LiveQuizState:
            quiz = await self._controlled(quiz_id, user, moderator, session)
            repo = LiveQuizRepository(session)
            question = await repo.question(quiz_id, quiz.position)
            if question is not None and question.timing is not None and not question.closed:
                timing = rules.QuestionTiming(question.timing.opened_at, min(now, question.timing.closes_at))
                await repo.set_timing(quiz_id, quiz.position, timing, None)
            await repo.update_quiz(quiz_id, now, status=LiveStatus.RUNNING.value)
            return quiz

        return await run_transaction(self._sessions, work)

    async def pause(self, quiz_id: str, user: str, *, moderator: bool, now: datetime) -> LiveQuizState:
        """Pause the running quiz, or resume a paused one (the time left is kept)."""

        async def work(session: AsyncSession) -> LiveQuizState:
            quiz = await self._controlled(quiz_id, user, moderator, session)
            repo = LiveQuizRepository(session)
            question = await repo.question(quiz_id, quiz.position)
            if question is None or question.timing is None or question.closed:
                return quiz
            if quiz.status is LiveStatus.RUNNING:
                left = round(rules.remaining_seconds(question.timing, now) * 1000)
                await repo.set_timing(quiz_id, quiz.position, None, left)
                status = LiveStatus.PAUSED
            else:
                left = (question.paused_remaining_ms or 0) / 1000
                timing = rules.resume_question(now, left, question.timing.duration)
                await repo.set_timing(quiz_id, quiz.position, timing, None)
                status = LiveStatus.RUNNING
            await repo.update_quiz(quiz_id, now, status=status.value)
            return await repo.get(quiz_id) or quiz

        return await run_transaction(self._sessions, work)

    async def close_question(self, quiz_id: str, position: int, now: datetime) -> QuestionReport | None:
        """Close question ``position`` once: tally, scores, running top 5 (None if already closed)."""

        async def work(session: AsyncSession) -> QuestionReport | None:
            repo = LiveQuizRepository(session)
            quiz = await repo.get(quiz_id)
            question = await repo.question(quiz_id, position)
            if quiz is None or question is None or question.timing is None:
                return None
            if not await repo.close(quiz_id, position):
                return None
            scored = await self._scored(repo, quiz_id)
            mine = tuple(s for s in scored if s.index == position)
            answers = await repo.answers(quiz_id, position)
            result = rules.tally(answers, len(question.question.choices))
            await repo.update_quiz(quiz_id, now)
            last = position + 1 >= quiz.count
            return QuestionReport(quiz, question, result, mine, rules.top(scored), last)

        return await run_transaction(self._sessions, work)

    async def next_question(self, quiz_id: str, position: int, now: datetime) -> LiveRound | None:
        """Show the question after ``position`` (None when the quiz is over or someone else moved on)."""

        async def work(session: AsyncSession) -> LiveRound | None:
            repo = LiveQuizRepository(session)
            quiz = await repo.get(quiz_id)
            if quiz is None or not quiz.status.active or position + 1 >= quiz.count:
                return None
            if not await repo.advance(quiz_id, position, now):
                return None
            await repo.open(quiz_id, position + 1, rules.open_question(now, quiz.seconds))
            return LiveRound(await repo.get(quiz_id) or quiz, await repo.question(quiz_id, position + 1))

        return await run_transaction(self._sessions, work)

    @staticmethod
    async def _scored(repo: LiveQuizRepository, quiz_id: str) -> tuple[ScoredAnswer, ...]:
        questions = {q.position: q for q in await repo.questions(quiz_id) if q.closed and q.timing}
        answers = [a for a in await repo.answers(quiz_id) if a.index in questions]
        scored: list[ScoredAnswer] = []
        for position, state in questions.items():
            assert state.timing is not None
            mine = [a for a in answers if a.index == position]
            scored += rules.score_question(state.question, state.timing, mine)
        return tuple(scored)

    async def finish(self, quiz_id: str, status: LiveStatus, now: datetime) -> FinalReport | None:
        """End the quiz (``status``: finished, stopped or closed), free the channel, pay the XP.

        Payments are idempotent ledger entries, so finishing twice (two processes, a retry after a crash
        between the end and the payments) never pays twice; ``xp_done`` records that payments completed.
        """

        async def work(
            session: AsyncSession,
        ) -> tuple[LiveQuizState, bool, tuple[ScoredAnswer, ...], dict[int, int]] | None:
            repo = LiveQuizRepository(session)
            quiz = await repo.get(quiz_id)
            if quiz is None:
                return None
            ended = await repo.end(quiz_id, quiz.channel_id, status, now)
            difficulties = {q.position: q.question.difficulty for q in await repo.questions(quiz_id)}
            return (await repo.get(quiz_id) or quiz), ended, await self._scored(repo, quiz_id), difficulties

        found = await run_transaction(self._sessions, work)
        if found is None:
            return None
        quiz, ended, scored, difficulties = found
        paid = []
        for award in rules.xp_awards(quiz_id, scored, difficulties):
            learner = LearnerKey(quiz.community, award.user, award.display_name)
            outcome = await self._progress.award(
                learner, amount=award.amount, reason=award.reason, source_key=award.source_key, at=now
            )
            paid.append((award, outcome))

        async def mark(session: AsyncSession) -> None:
            await LiveQuizRepository(session).claim_xp(quiz_id)

        await run_transaction(self._sessions, mark)
        participants = len({s.user for s in scored})
        return FinalReport(quiz, rules.standings(scored), participants, tuple(paid), ended)
