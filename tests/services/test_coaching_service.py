"""CoachingService on a real database: reviews from quiz answers, queues and caps, progress, next step,
rank card, reminders (one a day, stop after two weeks of silence) and the organiser's report."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.coaching.families import family_of, lesson_families, question_for
from bot.core.coaching.next_step import StepKind
from bot.core.coaching.report import FamilyFlag
from bot.core.coaching.srs import FamilyKey, PickReason, SrsPolicy, new_card, review_card
from bot.core.learners import LearnerKey
from bot.core.lesson_parser import parse_lesson
from bot.core.lessons import Lesson
from bot.core.pictures import render_mastery_chart, render_rank_card
from bot.core.quiz.registry import GeneratorContext, generate_question
from bot.services.coaching import CoachingService
from bot.services.coaching_reminders import GAVE_UP_REASON, ReminderService
from bot.services.privacy import PrivacyService
from bot.services.progress import ProgressService
from bot.storage.coaching_repo import CoachingRepository
from bot.storage.db import Database
from bot.storage.progress_repo import ProgressRepository
from bot.storage.scratch import scratch_backends, scratch_database

ROOT = Path(__file__).resolve().parents[2]
ALICE = LearnerKey("guild-1", "111", "Alice")
T0 = datetime(2026, 11, 2, 8, tzinfo=UTC)  # a Monday
NAMING = FamilyKey("image_name", "Comprendre le nommage des images", "registry")


@pytest.fixture(params=scratch_backends())
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    async with scratch_database(str(request.param), tmp_path) as db:
        yield db


@pytest.fixture
def coaching(database: Database) -> CoachingService:
    return CoachingService(database.sessions, policy=SrsPolicy(daily_review_cap=6, daily_new_cap=3))


@pytest.fixture(scope="module")
def lesson() -> Lesson:
    path = ROOT / "content" / "10-registries.md"
    parsed = parse_lesson(path.read_bytes(), str(path))
    assert parsed.lesson is not None
    return parsed.lesson


async def review(coaching: CoachingService, key: str, correct: bool, at: datetime, **kw):
    family = kw.pop("family", NAMING)
    learner = kw.pop("learner", ALICE)
    return await coaching.record_review(
        learner, family=family, lesson="10-registries", section="10.2", correct=correct,
        answered_at=at, source_key=key, **kw,
    )  # fmt: skip


class TestReviews:
    async def test_record_is_idempotent_and_failed_card_comes_back_soon(
        self, coaching: CoachingService
    ) -> None:
        first = await review(coaching, "quiz:1:1", False, T0)
        replay = await review(coaching, "quiz:1:1", False, T0)
        assert not first.duplicate and replay.duplicate
        assert first.card is not None and first.card.failures == 1 and replay.card == first.card
        queue = await coaching.next_reviews(ALICE, now=T0 + timedelta(hours=1))
        assert [p.family for p in queue.picks] == [NAMING] and queue.due_now == 1
        assert queue.reviewed_today == 1

    async def test_leech_gives_a_section_to_reread(self, coaching: CoachingService) -> None:
        results = [await review(coaching, f"k{i}", False, T0 + timedelta(hours=i)) for i in range(4)]
        assert [r.became_leech for r in results] == [False, False, False, True]
        hint = results[-1].reread_hint("fr")
        assert hint is not None and "10.2" in hint and results[0].reread_hint() is None

    async def test_queue_due_first_then_new_and_caps(self, coaching: CoachingService, lesson: Lesson) -> None:
        await review(coaching, "a", True, T0 - timedelta(days=30))
        items = lesson_families(lesson, [], GeneratorContext())
        queue = await coaching.next_reviews(ALICE, now=T0, new_items=items)
        assert queue.picks[0].family == NAMING and queue.picks[0].reason is PickReason.DUE
        assert sum(p.reason is PickReason.NEW for p in queue.picks) == 3
        for i in range(5):
            await review(coaching, f"b{i}", True, T0 + timedelta(minutes=i), family=items[i].family)
        capped = await coaching.next_reviews(ALICE, now=T0 + timedelta(hours=1), new_items=items)
        assert capped.reviewed_today == 5 and len(capped.picks) == 1 and not capped.capped

    async def test_question_answer_uses_its_family_and_a_fresh_question_comes_back(
        self, coaching: CoachingService, lesson: Lesson
    ) -> None:
        context = GeneratorContext()
        question = generate_question("image_name", lesson, 5, context)
        result = await coaching.record_question_answer(
            ALICE, question, correct=False, answered_at=T0, source_key="quiz:x:1", choice="hub.docker.com"
        )
        assert result.card is not None and result.card.family == family_of(question)
        (pick,) = (await coaching.next_reviews(ALICE, now=T0 + timedelta(hours=1))).picks
        fresh = question_for(pick.family, lesson, [], context, random.Random(3), frozenset({question.id}))
        assert fresh is not None and fresh.id != question.id and family_of(fresh) == pick.family


async def test_privacy_export_and_forget_cover_coaching_rows(
    coaching: CoachingService, database: Database
) -> None:
    await review(coaching, "k", False, T0)
    await ReminderService(database.sessions).set_reminder(ALICE, enabled=True, hour=9, now=T0)
    privacy = PrivacyService(database.sessions)
    exported = (await privacy.export_learner(ALICE, now=T0))["tables"]
    assert len(exported["review_cards"]) == len(exported["review_log"]) == len(exported["reminders"]) == 1
    assert await privacy.forget_learner(ALICE) > 3
    assert (await coaching.next_reviews(ALICE, now=T0 + timedelta(days=1))).picks == ()
    assert (await coaching.report("guild-1", now=T0)).report.families == ()


class TestProgressAndNextStep:
    async def test_progress_chart_and_next_step(self, coaching: CoachingService, lesson: Lesson) -> None:
        objective = lesson.meta.objectives[0]
        weak = FamilyKey("image_name", objective, "tag")
        for i in range(3):
            await review(coaching, f"w{i}", False, T0 - timedelta(days=3, hours=i), family=weak)
        result = await coaching.progress(ALICE, lessons=[lesson], now=T0)
        by_objective = {m.ref.objective: m for m in result.masteries}
        assert by_objective[objective].attempts == 3 and by_objective[objective].ref.section == "10.2"
        assert len(result.masteries) == len(lesson.meta.objectives)
        assert render_mastery_chart(result.chart).startswith(b"\x89PNG")
        step = await coaching.next_step(ALICE, lessons=[lesson], now=T0)
        assert step.kind in (StepKind.REVIEW, StepKind.REREAD_LEECH)

    async def test_newcomer_is_sent_to_the_first_lesson(
        self, coaching: CoachingService, lesson: Lesson
    ) -> None:
        step = await coaching.next_step(LearnerKey("guild-1", "new"), lessons=[lesson], now=T0)
        assert step.kind is StepKind.NEXT_LESSON and step.lesson == lesson.id

    async def test_rank_card_data(self, coaching: CoachingService, database: Database) -> None:
        progress = ProgressService(database.sessions)
        await progress.award(ALICE, amount=250, reason="test", source_key="a1", at=T0)
        await progress.award(
            LearnerKey("guild-1", "222", "Bob"), amount=900, reason="t", source_key="b", at=T0
        )
        card = await coaching.rank_card(ALICE, now=T0)
        assert (card.name, card.level, card.rank, card.members) == ("Alice", 1, 2, 2)
        assert card.xp_into_level == 150 and card.xp_for_next_level == 155
        assert render_rank_card(card).startswith(b"\x89PNG")


class TestReminders:
    @pytest.fixture
    def reminders(self, database: Database) -> ReminderService:
        return ReminderService(database.sessions)

    async def test_opt_in_schedules_only_when_reviews_exist(
        self, coaching: CoachingService, reminders: ReminderService
    ) -> None:
        assert not (await reminders.status(ALICE)).enabled
        status = await reminders.set_reminder(ALICE, enabled=True, hour=18, now=T0)
        assert status.enabled and status.next_at is None and await reminders.next_reminder_wakeup() is None
        await review(coaching, "k", False, T0)
        assert await reminders.next_reminder_wakeup() == T0.replace(hour=18)
        assert (await reminders.status(ALICE)).next_at == T0.replace(hour=18)
        off = await reminders.set_reminder(ALICE, enabled=False, now=T0)
        assert not off.enabled and await reminders.next_reminder_wakeup() is None

    async def test_month_of_reminders_at_most_one_a_day_and_stops_after_silence(
        self, coaching: CoachingService, reminders: ReminderService
    ) -> None:
        for i in range(5):
            await review(coaching, f"k{i}", False, T0, family=FamilyKey("command", "push", f"v{i}"))
        await reminders.set_reminder(ALICE, enabled=True, hour=18, now=T0)
        sent: list[datetime] = []
        now = T0
        while now < T0 + timedelta(days=30):
            wake = await reminders.next_reminder_wakeup()
            if wake is None:
                break
            now = max(now, wake)
            for message in await reminders.claim_reminders(now):
                assert message.learner.user == "111" and "5 révisions t'attendent" in message.text()
                sent.append(now)
            now += timedelta(minutes=1)
        per_day = Counter(moment.date() for moment in sent)
        assert max(per_day.values()) == 1 and all(moment.hour == 18 for moment in sent)
        assert 13 <= len(sent) <= 15  # two weeks of silence, then they stop by themselves
        status = await reminders.status(ALICE)
        assert not status.enabled and status.stopped_reason == GAVE_UP_REASON

    async def test_answering_restarts_the_silence_clock(
        self, coaching: CoachingService, reminders: ReminderService
    ) -> None:
        await review(coaching, "k0", False, T0)
        await reminders.set_reminder(ALICE, enabled=True, hour=8, now=T0)
        for day in range(1, 25):
            now = T0 + timedelta(days=day, hours=1)
            assert len(await reminders.claim_reminders(now)) <= 1
            if day % 10 == 0:
                await review(coaching, f"k{day}", False, now + timedelta(minutes=5))
        assert (await reminders.status(ALICE)).enabled


class TestReport:
    async def test_planted_broken_question_is_flagged(
        self, coaching: CoachingService, database: Database
    ) -> None:
        """30 learners answer 10 sound families and one whose key is wrong (written in one transaction)."""
        rng = random.Random(5)
        good = [FamilyKey("image_name", "naming", f"ask{i}") for i in range(10)]
        broken = FamilyKey("bank", "tags", "bad-key")
        async with database.sessions() as session, session.begin():
            repo = CoachingRepository(session)
            for n in range(30):
                learner_id = await ProgressRepository(session).ensure(
                    LearnerKey("guild-1", f"u{n}", f"L{n}"), T0
                )
                ability = 0.1 + 0.85 * n / 29
                for j, family in enumerate([*good, broken]):
                    knows = rng.random() < ability
                    correct = (
                        (not knows and rng.random() < 0.5)
                        if family == broken
                        else knows or rng.random() < 0.2
                    )
                    choice = "" if correct else ("1.2.3, 1.2 et 1" if family == broken else "docker.io/nginx")
                    record = review_card(new_card(family, "10"), correct, T0 + timedelta(minutes=j)).record
                    await repo.log_review(
                        learner_id, "guild-1", source_key=f"r{j}", record=record, lesson="10",
                        section="10.4", question_id=family.variant, choice=choice,
                    )  # fmt: skip
        result = await coaching.report("guild-1", now=T0 + timedelta(days=1))
        flags = {s.family: s.flags for s in result.report.families}
        assert FamilyFlag.WRONG_ANSWER_BEATS_KEY in flags[broken]
        assert FamilyFlag.NEGATIVE_DISCRIMINATION in flags[broken]
        assert result.report.learners == 30 and result.report.families[0].family == broken
        assert not any(flags[f] for f in good)
        assert "L3" in result.names.values()
        assert (await coaching.report("other", now=T0)).report.families == ()
