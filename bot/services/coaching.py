"""Coaching use-cases shared by every front end: reviews, progress, the next step, the rank card, reminders
and the organiser's report. Each public method is one transaction (retried on transient lock errors).

Wiring, for front ends:
- after every quiz answer: ``record_question_answer(learner, question, correct=..., choice=...,
  source_key=..., answered_at=...)`` (same ``source_key`` as the progress service: a replay changes nothing);
- ``/review``: ``next_reviews(learner, now=..., new_items=lesson_families(...))`` then, per pick,
  ``bot.core.coaching.families.question_for(pick.family, lesson, bank, context, rng)`` for a fresh question;
- ``/progress``: ``progress(...)`` → masteries + chart, drawn by ``mastery_chart_png(chart, lang)`` (or the
  text fallback ``bot.core.pictures.mastery_chart_text``);
- ``/next``: ``next_step(...)``; ``/rank``: ``rank_card(...)`` drawn by ``rank_card_png(card, lang)`` (text
  fallback ``rank_card_text``);
- ``/remind on|off [hour]`` and the reminder loop: ``bot.services.coaching_reminders.ReminderService``;
- ``/class report`` and ``dockcoach report``: ``report(community, now=..., lesson=...)``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.coaching import next_step as steps
from bot.core.coaching.families import family_of
from bot.core.coaching.mastery import ObjectiveMastery, ObjectiveRef, objective_mastery
from bot.core.coaching.report import ClassReport, build_report
from bot.core.coaching.srs import (
    DEFAULT_POLICY,
    FamilyKey,
    NewItem,
    ReviewCard,
    ReviewPick,
    SrsPolicy,
    as_utc,
    count_today,
    new_card,
    next_due,
    pick_reviews,
    review_card,
    start_of_utc_day,
)
from bot.core.learners import LearnerKey
from bot.core.lessons import Lesson
from bot.core.pictures import (
    MasteryChart,
    RankCard,
    chart_from_masteries,
    render_mastery_chart,
    render_rank_card,
)
from bot.core.quiz.questions import Question
from bot.core.text import Lang, LocalizedText
from bot.services.coaching_reminders import touch_reminder
from bot.services.progress import ProgressService
from bot.storage.coaching_repo import CoachingRepository
from bot.storage.db import run_transaction
from bot.storage.leaderboard_repo import LeaderboardRepository
from bot.storage.progress_repo import ProgressRepository

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ReviewResult:
    duplicate: bool  # this source key was already recorded: nothing changed
    card: ReviewCard | None
    became_leech: bool = False
    leech: bool = False

    def reread_hint(self, lang: str | Lang = Lang.FR) -> str | None:
        """For a leech: which section to re-read ("" when the question has no section)."""
        if not self.leech or self.card is None:
            return None
        where = self.card.section or self.card.lesson
        return LocalizedText(
            f"📖 Cette question te résiste ({self.card.failures} échecs) : relis la section {where} "
            "avant de réessayer.",
            f"📖 This question keeps tripping you up ({self.card.failures} misses): re-read section "
            f"{where} before trying again.",
        ).get(lang)


@dataclass(frozen=True, slots=True)
class ReviewQueue:
    picks: tuple[ReviewPick, ...]
    due_now: int
    reviewed_today: int
    daily_cap: int
    next_due: datetime | None

    @property
    def capped(self) -> bool:
        return self.reviewed_today >= self.daily_cap


@dataclass(frozen=True, slots=True)
class LearnerProgress:
    masteries: tuple[ObjectiveMastery, ...]
    chart: MasteryChart


@dataclass(frozen=True, slots=True)
class CommunityReport:
    report: ClassReport
    names: dict[str, str] = field(default_factory=dict)  # learner (row id as text) → display name


async def rank_card_png(card: RankCard, lang: str | Lang = Lang.FR) -> bytes:
    """The rank card as PNG bytes, rendered in a worker thread (never on the event loop)."""
    return await asyncio.to_thread(render_rank_card, card, lang)


async def mastery_chart_png(chart: MasteryChart, lang: str | Lang = Lang.FR) -> bytes:
    """The mastery chart as PNG bytes, rendered in a worker thread (never on the event loop)."""
    return await asyncio.to_thread(render_mastery_chart, chart, lang)


def objective_refs(lessons: Sequence[Lesson], sections: dict[tuple[str, str], str]) -> list[ObjectiveRef]:
    """Every lesson objective in course order, with the section its questions point to when known."""
    ordered = sorted(lessons, key=lambda lesson: (lesson.meta.order, lesson.id))
    return [
        ObjectiveRef(lesson.id, objective, objective, sections.get((lesson.id, objective), ""))
        for lesson in ordered
        for objective in lesson.meta.objectives
    ]


class CoachingService:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], *, policy: SrsPolicy = DEFAULT_POLICY
    ) -> None:
        self._sessions = sessions
        self.policy = policy

    # --- reviews ------------------------------------------------------------------------------------------

    async def record_question_answer(
        self,
        learner: LearnerKey,
        question: Question,
        *,
        correct: bool,
        answered_at: datetime,
        source_key: str,
        choice: str = "",
    ) -> ReviewResult:
        """Record a quiz answer as a review of the question's family."""
        return await self.record_review(
            learner,
            family=family_of(question),
            lesson=question.lesson,
            section=question.section,
            correct=correct,
            answered_at=answered_at,
            source_key=source_key,
            question_id=question.id,
            choice=choice,
        )

    async def record_review(
        self,
        learner: LearnerKey,
        *,
        family: FamilyKey,
        lesson: str,
        section: str,
        correct: bool,
        answered_at: datetime,
        source_key: str,
        question_id: str = "",
        choice: str = "",
    ) -> ReviewResult:
        at = as_utc(answered_at)

        async def work(session: AsyncSession) -> ReviewResult:
            learner_id = await ProgressRepository(session).ensure(learner, at)
            repo = CoachingRepository(session)
            card = await repo.card(learner_id, family, for_update=True) or new_card(family, lesson, section)
            card = replace(card, lesson=lesson or card.lesson, section=section or card.section)
            when = max(at, card.last_review) if card.last_review else at
            outcome = review_card(card, correct, when, self.policy)
            logged = await repo.log_review(
                learner_id, learner.community, source_key=source_key, record=outcome.record,
                lesson=card.lesson, section=card.section, question_id=question_id, choice=choice,
            )  # fmt: skip
            if logged is None:
                return ReviewResult(True, card, leech=card.is_leech(self.policy))
            await repo.save_card(learner_id, learner.community, outcome.card)
            await touch_reminder(repo, learner_id, at)
            leech = outcome.card.is_leech(self.policy)
            return ReviewResult(False, outcome.card, outcome.became_leech, leech)

        return await run_transaction(self._sessions, work)

    async def next_reviews(
        self,
        learner: LearnerKey,
        *,
        now: datetime,
        new_items: Sequence[NewItem] = (),
        limit: int | None = None,
    ) -> ReviewQueue:
        """Due cards first (lowest recall first), then new families, within today's caps (UTC day)."""
        now = as_utc(now)

        async def work(session: AsyncSession) -> ReviewQueue:
            learner_id = await ProgressRepository(session).find(learner)
            repo = CoachingRepository(session)
            cards = await repo.cards(learner_id) if learner_id is not None else []
            records = (
                await repo.reviews_since(learner_id, start_of_utc_day(now)) if learner_id is not None else []
            )
            today = count_today(records, now)
            picks = pick_reviews(
                cards, now, new_items=new_items, today=today, limit=limit, policy=self.policy
            )
            due = sum(1 for c in cards if c.is_due(now) and not c.is_new)
            return ReviewQueue(
                tuple(picks), due, today.reviewed, self.policy.daily_review_cap, next_due(cards)
            )

        return await run_transaction(self._sessions, work)

    async def studied_lessons(self, learner: LearnerKey) -> set[str]:
        """Lessons the learner has answered questions of or completed."""

        async def work(session: AsyncSession) -> set[str]:
            learner_id = await ProgressRepository(session).find(learner)
            if learner_id is None:
                return set()
            repo = CoachingRepository(session)
            done = {c.lesson for c in await repo.completions(learner.community, learner_id)}
            return done | await repo.lessons_with_cards(learner_id)

        return await run_transaction(self._sessions, work)

    # --- progress and next step ---------------------------------------------------------------------------

    async def _learner_state(
        self, session: AsyncSession, learner: LearnerKey, lessons: Sequence[Lesson], now: datetime
    ) -> tuple[int | None, list[ReviewCard], list[ObjectiveMastery]]:
        learner_id = await ProgressRepository(session).find(learner)
        if learner_id is None:
            return None, [], objective_mastery(objective_refs(lessons, {}), [], [], now, self.policy)
        repo = CoachingRepository(session)
        cards = await repo.cards(learner_id)
        logged = await repo.logged(learner.community, learner_id=learner_id)
        sections = {(r.attempt.lesson, r.attempt.objective): r.section for r in logged if r.section}
        attempts = [r.attempt for r in logged]
        refs = objective_refs(lessons, sections)
        return learner_id, cards, objective_mastery(refs, attempts, cards, now, self.policy)

    async def progress(
        self, learner: LearnerKey, *, lessons: Sequence[Lesson], now: datetime, lesson: str | None = None
    ) -> LearnerProgress:
        """Mastery per objective (all lessons, or one), and the chart to draw."""
        now = as_utc(now)
        scope = [x for x in lessons if lesson is None or x.id == lesson]

        async def work(session: AsyncSession) -> LearnerProgress:
            _, _, masteries = await self._learner_state(session, learner, scope, now)
            title = scope[0].meta.title if lesson is not None and scope else ""
            return LearnerProgress(tuple(masteries), chart_from_masteries(title, masteries))

        return await run_transaction(self._sessions, work)

    async def next_step(
        self, learner: LearnerKey, *, lessons: Sequence[Lesson], now: datetime
    ) -> steps.NextStep:
        now = as_utc(now)

        async def work(session: AsyncSession) -> steps.NextStep:
            learner_id, cards, masteries = await self._learner_state(session, learner, lessons, now)
            repo = CoachingRepository(session)
            done: set[str] = set()
            records = []
            if learner_id is not None:
                done = {c.lesson for c in await repo.completions(learner.community, learner_id)}
                records = await repo.reviews_since(learner_id, start_of_utc_day(now))
            statuses = [
                steps.LessonStatus(x.id, x.meta.title, x.meta.order, x.id in done, x.meta.prerequisites)
                for x in lessons
            ]
            return steps.next_step(
                cards=cards, masteries=masteries, lessons=statuses, now=now,
                today=count_today(records, now), policy=self.policy,
            )  # fmt: skip

        return await run_transaction(self._sessions, work)

    async def rank_card(self, learner: LearnerKey, *, now: datetime) -> RankCard:
        """What the rank card shows: name, level, XP within the level, rank in the community, streak."""
        profile = await ProgressService(self._sessions).profile(learner, now=as_utc(now))

        async def members(session: AsyncSession) -> int:
            return await LeaderboardRepository(session).ranked(learner.community, None)

        ranked = await run_transaction(self._sessions, members)
        return RankCard(
            name=profile.display_name or learner.display_name or learner.user,
            level=profile.level,
            xp=profile.xp,
            xp_into_level=profile.xp_into_level,
            xp_for_next_level=profile.xp_for_next_level,
            rank=profile.rank,
            members=ranked,
            streak=profile.streak,
        )

    # --- the organiser's report ---------------------------------------------------------------------------

    async def report(self, community: str, *, now: datetime, lesson: str | None = None) -> CommunityReport:
        now = as_utc(now)

        async def work(session: AsyncSession) -> CommunityReport:
            repo = CoachingRepository(session)
            attempts = [r.attempt for r in await repo.logged(community)]
            completions = await repo.completions(community)
            names = {str(k): v for k, v in (await repo.display_names(community)).items()}
            return CommunityReport(build_report(attempts, completions, now, lesson), names)

        return await run_transaction(self._sessions, work)
