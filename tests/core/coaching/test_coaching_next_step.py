"""The single next step: leech to re-read, due reviews, weak objective, next lesson, or wait."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.coaching.attempts import Attempt
from bot.core.coaching.mastery import ObjectiveRef, objective_mastery
from bot.core.coaching.next_step import LessonStatus, StepKind, next_step
from bot.core.coaching.srs import DailyCounts, FamilyKey, SrsPolicy, new_card, review_card

NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)
LESSONS = [
    LessonStatus("09-images", "Images", 9, completed=True),
    LessonStatus(
        "10-registries", "Docker Hub et Registries", 10, completed=False, prerequisites=("09-images",)
    ),
    LessonStatus("11-compose", "Compose", 11, completed=False, prerequisites=("10-registries",)),
]
NAMING = ObjectiveRef("10-registries", "naming", "Nommer une image", "10.2")


def card_after(answers: list[bool], variant: str = "v", start: datetime = NOW - timedelta(days=40)):
    card, moment = new_card(FamilyKey("image_name", "naming", variant), "10-registries", "10.2"), start
    for correct in answers:
        card = review_card(card, correct, moment).card
        moment = card.due or moment
    return card


def test_leech_sends_back_to_the_section() -> None:
    step = next_step(
        cards=[card_after([False] * 4), card_after([True], "w")], masteries=[], lessons=LESSONS, now=NOW
    )
    assert step.kind is StepKind.REREAD_LEECH and step.section == "10.2" and step.count == 4
    assert "10.2" in step.message("fr") and "4 fois" in step.message("fr")
    assert "Re-read section 10.2" in step.message("en")


def test_due_reviews_come_before_weak_objectives_and_lessons() -> None:
    cards = [card_after([True], "a"), card_after([True], "b")]
    step = next_step(cards=cards, masteries=[], lessons=LESSONS, now=NOW)
    assert step.kind is StepKind.REVIEW and step.count == 2
    assert "2 questions t’attendent" in step.message()
    assert "2 questions are waiting" in step.message("en")


def test_cap_reached_means_wait_until_tomorrow() -> None:
    step = next_step(
        cards=[card_after([True])],
        masteries=[],
        lessons=[],
        now=NOW,
        today=DailyCounts(reviewed=5),
        policy=SrsPolicy(daily_review_cap=5),
    )
    assert step.kind is StepKind.WAIT and step.at == datetime(2026, 11, 28, tzinfo=UTC)
    assert "limite" in step.message() and "limit" in step.message("en")


def test_weak_objective_points_to_its_section() -> None:
    family = FamilyKey("image_name", "naming", "v")
    attempts = [Attempt("u", "10-registries", family, False, NOW - timedelta(hours=h)) for h in (1, 2, 3)]
    masteries = objective_mastery([NAMING], attempts, [], NOW)
    step = next_step(cards=[], masteries=masteries, lessons=LESSONS, now=NOW)
    assert step.kind is StepKind.PRACTISE_WEAK and step.section == "10.2" and step.objective == "naming"
    assert "Nommer une image" in step.message() and "0/3" in step.message()


def test_next_lesson_respects_order_and_prerequisites() -> None:
    step = next_step(cards=[], masteries=[], lessons=LESSONS, now=NOW)
    assert step.kind is StepKind.NEXT_LESSON and step.lesson == "10-registries"
    assert "Docker Hub et Registries" in step.message()
    first = next_step(cards=[], masteries=[], lessons=[LessonStatus("a", "A", 2, False)], now=NOW)
    assert "première leçon" in first.message()


def test_nothing_to_do_says_when_the_next_review_is_due() -> None:
    card = review_card(new_card(FamilyKey("k", "o", "v"), "10", "10.1"), True, NOW).card
    done = [LessonStatus("10", "X", 1, completed=True)]
    step = next_step(cards=[card], masteries=[], lessons=done, now=NOW)
    assert step.kind is StepKind.WAIT and step.at == card.due
    assert f"{card.due:%d/%m}" in step.message()
    empty = next_step(cards=[], masteries=[], lessons=[], now=NOW)
    assert empty.kind is StepKind.WAIT and empty.at is None
