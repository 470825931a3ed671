"""Mastery per lesson objective, from the learner's attempts and the recall probability of their cards.

``accuracy`` is the share of right answers, recent ones weighing more (half-life ``HALF_LIFE_DAYS``) and
smoothed towards 50 % while evidence is thin (one pseudo-right and one pseudo-wrong answer).
``recall`` is the mean FSRS retrievability of the objective's reviewed cards now: it decays when the
learner stops practising. ``score`` is the geometric mean of the two (accuracy alone when no card exists),
so a rule answered right long ago and never practised since slowly stops counting as mastered.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.core.coaching.attempts import Attempt
from bot.core.coaching.srs import (
    DEFAULT_POLICY,
    SECONDS_PER_DAY,
    ReviewCard,
    SrsPolicy,
    as_utc,
    retrievability,
)

HALF_LIFE_DAYS = 14.0
MASTERED_SCORE = 0.8
MASTERED_MIN_ATTEMPTS = 3
WEAK_SCORE = 0.5


class MasteryLevel(StrEnum):
    NOT_STARTED = "not_started"
    WEAK = "weak"
    LEARNING = "learning"
    MASTERED = "mastered"


@dataclass(frozen=True, slots=True)
class ObjectiveRef:
    """A lesson objective as the course states it, with the section that teaches it."""

    lesson: str
    objective: str
    label: str = ""  # display text ("" → the objective itself)
    section: str = ""  # "10.2"

    @property
    def key(self) -> tuple[str, str]:
        return (self.lesson, self.objective)

    @property
    def title(self) -> str:
        return self.label or self.objective


@dataclass(frozen=True, slots=True)
class ObjectiveMastery:
    ref: ObjectiveRef
    attempts: int
    correct: int
    accuracy: float
    recall: float | None
    score: float
    level: MasteryLevel

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def weighted_accuracy(attempts: Sequence[Attempt], now: datetime) -> float:
    """Recency-weighted, smoothed share of right answers (0.5 without attempts)."""
    now = as_utc(now)
    right = total = 0.0
    for attempt in attempts:
        age_days = max(0.0, (now - as_utc(attempt.answered_at)).total_seconds() / SECONDS_PER_DAY)
        weight = 0.5 ** (age_days / HALF_LIFE_DAYS)
        total += weight
        right += weight if attempt.correct else 0.0
    return (right + 1.0) / (total + 2.0)


def level_for(score: float, attempts: int) -> MasteryLevel:
    if attempts == 0:
        return MasteryLevel.NOT_STARTED
    if score >= MASTERED_SCORE and attempts >= MASTERED_MIN_ATTEMPTS:
        return MasteryLevel.MASTERED
    if score < WEAK_SCORE:
        return MasteryLevel.WEAK
    return MasteryLevel.LEARNING


def objective_mastery(
    objectives: Sequence[ObjectiveRef],
    attempts: Iterable[Attempt],
    cards: Iterable[ReviewCard],
    now: datetime,
    policy: SrsPolicy = DEFAULT_POLICY,
) -> list[ObjectiveMastery]:
    """Mastery of each objective, in the given order; objectives met only in attempts come last."""
    by_objective: dict[tuple[str, str], list[Attempt]] = defaultdict(list)
    for attempt in attempts:
        by_objective[(attempt.lesson, attempt.objective)].append(attempt)
    recalls: dict[tuple[str, str], list[float]] = defaultdict(list)
    for card in cards:
        if not card.is_new:
            recalls[(card.lesson, card.family.objective)].append(retrievability(card, now, policy))
    refs = list(objectives)
    known = {ref.key for ref in refs}
    refs.extend(
        ObjectiveRef(lesson, objective)
        for lesson, objective in by_objective
        if (lesson, objective) not in known
    )
    return [_mastery(ref, by_objective.get(ref.key, []), recalls.get(ref.key, []), now) for ref in refs]


def _mastery(
    ref: ObjectiveRef, attempts: Sequence[Attempt], recalls: Sequence[float], now: datetime
) -> ObjectiveMastery:
    accuracy = weighted_accuracy(attempts, now)
    recall = sum(recalls) / len(recalls) if recalls else None
    if not attempts:
        score = 0.0
    elif recall is None:
        score = accuracy
    else:
        score = math.sqrt(accuracy * recall)
    return ObjectiveMastery(
        ref=ref,
        attempts=len(attempts),
        correct=sum(1 for a in attempts if a.correct),
        accuracy=accuracy,
        recall=recall,
        score=score,
        level=level_for(score, len(attempts)),
    )


def weakest(masteries: Iterable[ObjectiveMastery]) -> ObjectiveMastery | None:
    """The weakest objective the learner has actually worked on (``None`` when none is weak)."""
    weak = [m for m in masteries if m.level is MasteryLevel.WEAK]
    return min(weak, key=lambda m: (m.score, -m.attempts, m.ref.key)) if weak else None
