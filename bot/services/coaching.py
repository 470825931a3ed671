"""Coaching use-cases shared by every front end: reviews, progress, the next step, the rank card, reminders
and the organiser's report. Each public method is one transaction (retried on transient lock errors).

Wiring, for front ends:
- after every quiz answer: ``record_question_answer(learner, question, correct=..., choice=...,
  source_key=..., answered_at=...)`` (same ``source_key`` as the progress service: a replay changes nothing);
- ``/review``: ``next_reviews(learner, now=..., new_items=lesson_families(...))`` then, per pick,
  ``bot.core.coaching.families.question_for(pick.family, lesson, bank, context, rng)`` for a fresh question;
- ``/progress``: ``progress(...)`` → masteries + chart (``bot.core.pictures.render_mastery_chart``);
- ``/next``: ``next_step(...)``; ``/rank``: ``rank_card(...)`` (``render_rank_card``);
- ``/remind on|off [hour]``: ``set_reminder(...)``; the reminder loop: ``next_reminder_wakeup()`` then
  ``claim_reminders(now)`` and send each returned message;
- ``/class report`` and ``dockcoach report``: ``report(community, now=..., lesson=...)``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.coaching import next_step as steps
from bot.core.coaching.families import family_of
from bot.core.coaching.mastery import ObjectiveMastery, ObjectiveRef, objective_mastery
from bot.core.coaching.reminders import (
    ReminderSchedule,
    Verdict,
    decide,
    give_up_at,
    next_reminder_time,
    opt_in,
    opt_out,
    reminder_text,
    validate_hour,
)
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
from bot.core.pictures import MasteryChart, RankCard, chart_from_masteries
from bot.core.quiz.questions import Question
from bot.core.text import Lang, LocalizedText
from bot.services.progress import ProgressService
from bot.storage.coaching_repo import CoachingRepository, StoredReminder
from bot.storage.db import run_transaction
from bot.storage.leaderboard_repo import LeaderboardRepository
from bot.storage.progress_repo import ProgressRepository
from bot.storage.settings_repo import SettingsRepository

log = logging.getLogger(__name__)

GAVE_UP_REASON = "no_answer_14_days"


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
class ReminderStatus:
    enabled: bool
    hour: int
    timezone: str
    next_at: datetime | None
    stopped_reason: str = ""


@dataclass(frozen=True, slots=True)
class ReminderMessage:
    """A direct message the reminder loop must send now (already counted as sent)."""

    learner: LearnerKey
    due_reviews: int

    def text(self, lang: str | Lang = Lang.FR) -> str:
        return reminder_text(self.due_reviews, lang)


@dataclass(frozen=True, slots=True)
class CommunityReport:
    report: ClassReport
    names: dict[str, str] = field(default_factory=dict)  # learner (row id as text) → display name


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
            await self._touch_reminder(repo, learner_id, at)
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
            records = await repo.reviews_since(learner_id, start_of_utc_day(now)) if learner_id else []
            today = count_today(records, now)
            picks = pick_reviews(
                cards, now, new_items=new_items, today=today, limit=limit, policy=self.policy
            )
            due = sum(1 for c in cards if c.is_due(now) and not c.is_new)
            return ReviewQueue(
                tuple(picks), due, today.reviewed, self.policy.daily_review_cap, next_due(cards)
            )

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

    # --- reminders ----------------------------------------------------------------------------------------

    async def _touch_reminder(self, repo: CoachingRepository, learner_id: int, at: datetime) -> None:
        stored = await repo.reminder(learner_id)
        if stored is None or not stored.schedule.enabled:
            return
        schedule = replace(stored.schedule, last_activity=at)
        due = await repo.next_due(learner_id)
        await self._save_schedule(repo, stored, schedule, due, at)

    async def _save_schedule(
        self,
        repo: CoachingRepository,
        stored: StoredReminder,
        schedule: ReminderSchedule,
        due: datetime | None,
        now: datetime,
        reason: str = "",
    ) -> datetime | None:
        next_at = next_reminder_time(schedule, due, now)
        stop_at = give_up_at(schedule)
        if next_at is None and schedule.enabled and stop_at is not None:
            next_at = max(stop_at, now)  # wake once more to switch them off and say why
        if next_at is not None and next_at <= now and decide(schedule, 1, now) is not Verdict.SEND:
            next_at = now + timedelta(minutes=1)  # never spin on a time that cannot send
        await repo.save_reminder(stored.learner_id, stored.community, stored.user, schedule, next_at, reason)
        return next_at

    async def set_reminder(
        self, learner: LearnerKey, *, enabled: bool, now: datetime, hour: int | None = None
    ) -> ReminderStatus:
        """``/remind on [hour]`` or ``/remind off``; the hour is in the community's time zone."""
        now = as_utc(now)
        if hour is not None:
            validate_hour(hour)

        async def work(session: AsyncSession) -> ReminderStatus:
            learner_id = await ProgressRepository(session).ensure(learner, now)
            repo = CoachingRepository(session)
            tz = await SettingsRepository(session).timezone(learner.community)
            stored = await repo.reminder(learner_id) or StoredReminder(
                learner_id, learner.community, learner.user, ReminderSchedule(enabled=False), None, ""
            )
            base = replace(stored.schedule, timezone=tz)
            schedule = opt_in(base, now, hour) if enabled else opt_out(base)
            next_at = await self._save_schedule(repo, stored, schedule, await repo.next_due(learner_id), now)
            return ReminderStatus(schedule.enabled, schedule.hour, schedule.timezone, next_at)

        return await run_transaction(self._sessions, work)

    async def claim_reminders(self, now: datetime, *, limit: int = 200) -> list[ReminderMessage]:
        """The reminders to send now, marked sent in the same transaction (at most once a day, even with
        several processes); schedules that are not ready are moved to their next time or stopped."""
        now = as_utc(now)

        async def work(session: AsyncSession) -> list[ReminderMessage]:
            repo = CoachingRepository(session)
            messages: list[ReminderMessage] = []
            for stored in await repo.due_reminders(now, limit):
                due = await repo.due_count(stored.learner_id, now)
                verdict = decide(stored.schedule, due, now)
                schedule, reason = stored.schedule, ""
                if verdict is Verdict.SEND:
                    schedule = replace(schedule, last_sent=now)
                    await repo.count_sent(stored.learner_id)
                    messages.append(ReminderMessage(LearnerKey(stored.community, stored.user), due))
                elif verdict is Verdict.GAVE_UP:
                    schedule, reason = opt_out(schedule), GAVE_UP_REASON
                    log.info(
                        "reminders stopped after two weeks without an answer: learner %s", stored.learner_id
                    )
                await self._save_schedule(
                    repo, stored, schedule, await repo.next_due(stored.learner_id), now, reason
                )
            return messages

        return await run_transaction(self._sessions, work)

    async def next_reminder_wakeup(self) -> datetime | None:
        """When the reminder loop should wake next (``None``: nobody to remind; wake on a new opt-in)."""

        async def work(session: AsyncSession) -> datetime | None:
            return await CoachingRepository(session).next_reminder_at()

        return await run_transaction(self._sessions, work)

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
