"""Mastery per objective: attempts weighted by recency, and recall probability from FSRS cards."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.core.coaching.attempts import Attempt
from bot.core.coaching.mastery import (
    MasteryLevel,
    ObjectiveRef,
    level_for,
    objective_mastery,
    weakest,
    weighted_accuracy,
)
from bot.core.coaching.srs import FamilyKey, new_card, review_card

NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)
NAMING = ObjectiveRef("10", "naming", "Nommer une image", "10.2")
TAGS = ObjectiveRef("10", "tags", "Choisir ses tags", "10.4")
PUSH = ObjectiveRef("10", "push", "Pousser une image", "10.5")


def attempt(objective: str, correct: bool, days_ago: float = 0, learner: str = "u1") -> Attempt:
    family = FamilyKey("image_name", objective, "canonical")
    return Attempt(learner, "10", family, correct, NOW - timedelta(days=days_ago))


class TestAccuracy:
    def test_no_attempt_is_a_coin_flip_and_evidence_moves_it(self) -> None:
        assert weighted_accuracy([], NOW) == 0.5
        assert weighted_accuracy([attempt("naming", True)], NOW) == pytest.approx(2 / 3)
        assert weighted_accuracy([attempt("naming", True)] * 5, NOW) == pytest.approx(6 / 7)

    def test_recent_answers_weigh_more(self) -> None:
        improving = [attempt("naming", False, 30), attempt("naming", False, 29), attempt("naming", True, 0)]
        declining = [attempt("naming", True, 30), attempt("naming", True, 29), attempt("naming", False, 0)]
        assert weighted_accuracy(improving, NOW) > 0.5 > weighted_accuracy(declining, NOW)


class TestObjectiveMastery:
    def test_levels_per_objective_in_course_order(self) -> None:
        attempts = [attempt("naming", True, d) for d in (3, 2, 1, 0)] + [
            attempt("tags", False, 1),
            attempt("tags", False, 0),
            attempt("tags", True, 0),
        ]
        result = objective_mastery([NAMING, TAGS, PUSH], attempts, [], NOW)
        assert [m.ref for m in result] == [NAMING, TAGS, PUSH]
        assert [m.level for m in result] == [
            MasteryLevel.MASTERED,
            MasteryLevel.WEAK,
            MasteryLevel.NOT_STARTED,
        ]
        assert (result[1].attempts, result[1].correct) == (3, 1)
        assert result[2].score == 0 and result[2].recall is None

    def test_recall_lowers_mastery_when_practice_stops(self) -> None:
        family = FamilyKey("image_name", "naming", "canonical")
        card = review_card(new_card(family, "10", "10.2"), True, NOW - timedelta(days=200)).card
        attempts = [attempt("naming", True, 200 + d) for d in (0, 1, 2)]
        (stale,) = objective_mastery([NAMING], attempts, [card], NOW)
        (fresh,) = objective_mastery([NAMING], attempts, [card], NOW - timedelta(days=199))
        assert stale.recall is not None and fresh.recall is not None
        assert stale.recall < fresh.recall and stale.score < fresh.score

    def test_objectives_only_seen_in_attempts_are_listed_after(self) -> None:
        result = objective_mastery([NAMING], [attempt("other", True)], [], NOW)
        assert [m.ref.objective for m in result] == ["naming", "other"]
        assert result[1].ref.title == "other"

    def test_weakest_ignores_untouched_objectives(self) -> None:
        attempts = [attempt("tags", False), attempt("push", False), attempt("push", False)]
        result = objective_mastery([NAMING, TAGS, PUSH], attempts, [], NOW)
        worst = weakest(result)
        assert worst is not None and worst.ref == PUSH
        assert weakest(objective_mastery([NAMING], [], [], NOW)) is None

    @pytest.mark.parametrize(
        ("score", "attempts", "level"),
        [
            (0.0, 0, MasteryLevel.NOT_STARTED),
            (0.9, 2, MasteryLevel.LEARNING),
            (0.9, 3, MasteryLevel.MASTERED),
            (0.49, 5, MasteryLevel.WEAK),
            (0.5, 5, MasteryLevel.LEARNING),
        ],
    )
    def test_level_thresholds(self, score: float, attempts: int, level: MasteryLevel) -> None:
        assert level_for(score, attempts) is level
