"""CoachingRepository on a real database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import inspect

from bot.core.coaching.reminders import ReminderSchedule, opt_in
from bot.core.coaching.srs import FamilyKey, new_card, review_card
from bot.core.learners import LearnerKey
from bot.storage.coaching_repo import CoachingRepository, family_hash
from bot.storage.db import Database
from bot.storage.progress_repo import ProgressRepository

T0 = datetime(2026, 11, 23, 9, tzinfo=UTC)
FAMILY = FamilyKey("image_name", "Comprendre le nommage | des images", "registry")
ALICE = LearnerKey("guild-1", "111", "Alice")


async def _learner(session, key: LearnerKey = ALICE) -> int:
    return await ProgressRepository(session).ensure(key, T0)


async def test_tables_exist(database: Database) -> None:
    async with database.engine.connect() as connection:
        names = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
    assert {"review_cards", "review_log", "reminders"} <= names


async def test_card_round_trip_and_upsert(database: Database) -> None:
    outcome = review_card(new_card(FAMILY, "10-registries", "10.2"), False, T0)
    async with database.sessions() as session, session.begin():
        learner_id = await _learner(session)
        repo = CoachingRepository(session)
        assert await repo.card(learner_id, FAMILY) is None
        await repo.save_card(learner_id, ALICE.community, outcome.card)
    async with database.sessions() as session, session.begin():
        repo = CoachingRepository(session)
        stored = await repo.card(learner_id, FAMILY, for_update=True)
        assert stored == outcome.card and stored.family.objective == FAMILY.objective
        second = review_card(stored, True, T0 + timedelta(minutes=15)).card
        await repo.save_card(learner_id, ALICE.community, second)
    async with database.sessions() as session, session.begin():
        repo = CoachingRepository(session)
        assert await repo.cards(learner_id) == [second]
        assert await repo.next_due(learner_id) == second.due
        assert await repo.due_count(learner_id, T0) == 0
        assert await repo.due_count(learner_id, second.due) == 1


async def test_review_log_is_idempotent_and_feeds_the_report(database: Database) -> None:
    outcome = review_card(new_card(FAMILY, "10-registries", "10.2"), False, T0)
    async with database.sessions() as session, session.begin():
        learner_id = await _learner(session)
        repo = CoachingRepository(session)
        kwargs = {"record": outcome.record, "lesson": "10-registries", "section": "10.2", "question_id": "q1"}
        first = await repo.log_review(learner_id, ALICE.community, source_key="k1", choice="hub", **kwargs)
        again = await repo.log_review(learner_id, ALICE.community, source_key="k1", choice="hub", **kwargs)
        assert first is not None and again is None
    async with database.sessions() as session, session.begin():
        repo = CoachingRepository(session)
        (logged,) = await repo.logged(ALICE.community)
        assert (
            logged.attempt.family == FAMILY and logged.attempt.choice == "hub" and not logged.attempt.correct
        )
        assert logged.attempt.answered_at == T0 and logged.section == "10.2"
        assert await repo.logged("other-guild") == []
        (record,) = await repo.reviews_since(learner_id, T0 - timedelta(hours=1))
        assert record == outcome.record
        assert await repo.display_names(ALICE.community) == {learner_id: "Alice"}


async def test_reminders_round_trip_and_due_query(database: Database) -> None:
    schedule = opt_in(ReminderSchedule(enabled=False, timezone="Europe/Paris"), T0, 18)
    async with database.sessions() as session, session.begin():
        learner_id = await _learner(session)
        bob = await _learner(session, LearnerKey("guild-1", "222", "Bob"))
        repo = CoachingRepository(session)
        await repo.save_reminder(learner_id, "guild-1", "111", schedule, T0 + timedelta(hours=8))
        await repo.save_reminder(bob, "guild-1", "222", schedule, T0 + timedelta(hours=2))
        await repo.count_sent(learner_id)
    async with database.sessions() as session, session.begin():
        repo = CoachingRepository(session)
        stored = await repo.reminder(learner_id)
        assert stored is not None and stored.schedule == schedule and stored.user == "111"
        assert await repo.next_reminder_at() == T0 + timedelta(hours=2)
        assert [r.user for r in await repo.due_reminders(T0 + timedelta(hours=9))] == ["222", "111"]
        assert await repo.due_reminders(T0) == []


def test_family_hash_is_stable() -> None:
    assert family_hash(FAMILY) == family_hash(FamilyKey(FAMILY.kind, FAMILY.objective, FAMILY.variant))
    assert family_hash(FAMILY) != family_hash(FamilyKey(FAMILY.kind, FAMILY.objective, "tag"))
    assert len(family_hash(FAMILY)) == 64
