"""Spaced repetition with FSRS: one review card per learner and question family.

A *family* is what comes back in a review: a question kind, the lesson objective it tests and a variant
(for example ``image_name`` / objective / ``ask=registry``). The generator draws fresh parameters for the
family each time, so a learner re-learns the rule, not one question's text.

A correct answer rates ``Good``, a wrong one ``Again`` (the ``fsrs`` package does the scheduling, without its
global-random fuzzing so schedules are reproducible). Everything is UTC: ``now`` must be timezone-aware.
A card failed ``leech_failures`` times or more is a *leech*: reviewing it again will not help, re-reading
the section will.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from functools import lru_cache

import fsrs

SECONDS_PER_DAY = 86_400.0
_FAMILY_SEPARATOR = "|"


class CardState(StrEnum):
    NEW = "new"  # never reviewed
    LEARNING = "learning"
    REVIEW = "review"
    RELEARNING = "relearning"


class ReviewRating(StrEnum):
    GOOD = "good"  # answered right
    AGAIN = "again"  # answered wrong


class PickReason(StrEnum):
    DUE = "due"
    NEW = "new"


_TO_FSRS_STATE = {
    CardState.NEW: fsrs.State.Learning,
    CardState.LEARNING: fsrs.State.Learning,
    CardState.REVIEW: fsrs.State.Review,
    CardState.RELEARNING: fsrs.State.Relearning,
}
_FROM_FSRS_STATE = {
    fsrs.State.Learning: CardState.LEARNING,
    fsrs.State.Review: CardState.REVIEW,
    fsrs.State.Relearning: CardState.RELEARNING,
}


def as_utc(moment: datetime) -> datetime:
    """``moment`` converted to UTC; a naive datetime is refused (it would be ambiguous)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"datetime must be timezone-aware (got naive {moment.isoformat()})")
    return moment.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class FamilyKey:
    """Question kind + lesson objective + variant. ``id`` is its stable text form."""

    kind: str
    objective: str
    variant: str = ""

    def __post_init__(self) -> None:
        for name in ("kind", "variant"):
            if _FAMILY_SEPARATOR in getattr(self, name):
                raise ValueError(f"family {name} must not contain {_FAMILY_SEPARATOR!r}")
        if not self.kind:
            raise ValueError("family kind must not be empty")

    @property
    def id(self) -> str:
        return _FAMILY_SEPARATOR.join((self.kind, self.objective, self.variant))

    @classmethod
    def parse(cls, text: str) -> FamilyKey:
        """Inverse of :attr:`id` (the objective may itself contain the separator)."""
        kind, sep, rest = text.partition(_FAMILY_SEPARATOR)
        objective, sep2, variant = rest.rpartition(_FAMILY_SEPARATOR)
        if not sep or not sep2:
            raise ValueError(f"not a family id: {text!r} (expected kind|objective|variant)")
        return cls(kind, objective, variant)


@dataclass(frozen=True, slots=True)
class SrsPolicy:
    """Scheduling knobs. Steps are short so a missed question comes back the same day."""

    desired_retention: float = 0.9
    learning_steps: tuple[timedelta, ...] = (timedelta(minutes=10),)
    relearning_steps: tuple[timedelta, ...] = (timedelta(minutes=10),)
    maximum_interval_days: int = 365
    leech_failures: int = 4
    daily_review_cap: int = 40  # items served per UTC day, new ones included
    daily_new_cap: int = 10  # never-seen families introduced per UTC day

    def __post_init__(self) -> None:
        if not 0.5 <= self.desired_retention < 1:
            raise ValueError("desired_retention must be in [0.5, 1)")
        if self.daily_review_cap < 0 or self.daily_new_cap < 0 or self.leech_failures < 1:
            raise ValueError("caps must be >= 0 and leech_failures >= 1")


DEFAULT_POLICY = SrsPolicy()


@lru_cache(maxsize=16)
def _scheduler(policy: SrsPolicy) -> fsrs.Scheduler:
    return fsrs.Scheduler(
        desired_retention=policy.desired_retention,
        learning_steps=policy.learning_steps,
        relearning_steps=policy.relearning_steps,
        maximum_interval=policy.maximum_interval_days,
        enable_fuzzing=False,
    )


@dataclass(frozen=True, slots=True)
class ReviewCard:
    """A learner's memory of one question family."""

    family: FamilyKey
    lesson: str
    section: str = ""  # section number to re-read ("10.2"), "" when unknown
    state: CardState = CardState.NEW
    step: int | None = 0
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None  # None while new
    last_review: datetime | None = None
    reviews: int = 0
    failures: int = 0

    @property
    def is_new(self) -> bool:
        return self.state is CardState.NEW

    def is_leech(self, policy: SrsPolicy = DEFAULT_POLICY) -> bool:
        return self.failures >= policy.leech_failures

    def is_due(self, now: datetime) -> bool:
        return self.due is not None and self.due <= as_utc(now)


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    """One review, as kept in the review log."""

    family: FamilyKey
    rating: ReviewRating
    reviewed_at: datetime
    state_before: CardState
    due_after: datetime
    stability_after: float
    difficulty_after: float

    @property
    def was_new(self) -> bool:
        return self.state_before is CardState.NEW


@dataclass(frozen=True, slots=True)
class ReviewOutcome:
    card: ReviewCard
    record: ReviewRecord
    became_leech: bool


def new_card(family: FamilyKey, lesson: str, section: str = "") -> ReviewCard:
    return ReviewCard(family=family, lesson=lesson, section=section)


def _to_fsrs(card: ReviewCard, now: datetime) -> fsrs.Card:
    return fsrs.Card(
        card_id=1,  # fsrs would otherwise read the wall clock to invent one
        state=_TO_FSRS_STATE[card.state],
        step=card.step if card.state in (CardState.NEW, CardState.LEARNING, CardState.RELEARNING) else None,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due or now,
        last_review=card.last_review,
    )


def review_card(
    card: ReviewCard, correct: bool, now: datetime, policy: SrsPolicy = DEFAULT_POLICY
) -> ReviewOutcome:
    """Apply one answer to ``card``: right → Good, wrong → Again."""
    now = as_utc(now)
    if card.last_review is not None and now < card.last_review:
        raise ValueError("a review cannot happen before the card's last review")
    rating = ReviewRating.GOOD if correct else ReviewRating.AGAIN
    fsrs_rating = fsrs.Rating.Good if correct else fsrs.Rating.Again
    updated, _log = _scheduler(policy).review_card(_to_fsrs(card, now), fsrs_rating, review_datetime=now)
    failures = card.failures + (0 if correct else 1)
    result = replace(
        card,
        state=_FROM_FSRS_STATE[updated.state],
        step=updated.step,
        stability=float(updated.stability),
        difficulty=float(updated.difficulty),
        due=as_utc(updated.due),
        last_review=now,
        reviews=card.reviews + 1,
        failures=failures,
    )
    record = ReviewRecord(
        family=card.family,
        rating=rating,
        reviewed_at=now,
        state_before=card.state,
        due_after=result.due or now,
        stability_after=result.stability or 0.0,
        difficulty_after=result.difficulty or 0.0,
    )
    became_leech = not card.is_leech(policy) and result.is_leech(policy)
    return ReviewOutcome(card=result, record=record, became_leech=became_leech)


@lru_cache(maxsize=16)
def _curve(policy: SrsPolicy) -> tuple[float, float]:
    """FSRS-6 forgetting curve constants (decay, factor) of the policy's scheduler."""
    decay = -float(_scheduler(policy).parameters[20])
    return decay, 0.9 ** (1 / decay) - 1


def _recall(card: ReviewCard, now_ts: float, curve: tuple[float, float]) -> float:
    if card.stability is None or card.last_review is None:
        return 0.0
    decay, factor = curve
    elapsed = max(0.0, (now_ts - card.last_review.timestamp()) / SECONDS_PER_DAY)
    return float((1 + factor * elapsed / card.stability) ** decay)


def retrievability(card: ReviewCard, now: datetime, policy: SrsPolicy = DEFAULT_POLICY) -> float:
    """Probability of recalling the family right now (FSRS forgetting curve, fractional days).

    A new card has 0. Unlike ``fsrs.Scheduler.get_card_retrievability`` this does not round elapsed time
    down to whole days, so a card failed ten minutes ago ranks below one failed a week ago.
    """
    return _recall(card, as_utc(now).timestamp(), _curve(policy))


@dataclass(frozen=True, slots=True)
class NewItem:
    """A family the learner has not met yet (the caller lists them in teaching order)."""

    family: FamilyKey
    lesson: str
    section: str = ""


@dataclass(frozen=True, slots=True)
class ReviewPick:
    family: FamilyKey
    lesson: str
    section: str
    reason: PickReason
    retrievability: float = 0.0
    overdue: timedelta = field(default=timedelta(0))
    leech: bool = False


@dataclass(frozen=True, slots=True)
class DailyCounts:
    """What a learner already did today (UTC day), for the daily caps."""

    reviewed: int = 0  # every review today, new ones included
    new: int = 0  # reviews of families met for the first time today


NOTHING_TODAY = DailyCounts()


def count_today(records: Iterable[ReviewRecord], now: datetime) -> DailyCounts:
    today = as_utc(now).date()
    todays = [r for r in records if as_utc(r.reviewed_at).date() == today]
    return DailyCounts(reviewed=len(todays), new=sum(1 for r in todays if r.was_new))


def start_of_utc_day(now: datetime) -> datetime:
    moment = as_utc(now)
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def pick_reviews(
    cards: Sequence[ReviewCard],
    now: datetime,
    *,
    new_items: Sequence[NewItem] = (),
    today: DailyCounts = NOTHING_TODAY,
    limit: int | None = None,
    policy: SrsPolicy = DEFAULT_POLICY,
) -> list[ReviewPick]:
    """The next things to review: due cards first (lowest recall probability, then most overdue), then
    new material, within the daily caps and ``limit``."""
    now = as_utc(now)
    budget = max(0, policy.daily_review_cap - today.reviewed)
    if limit is not None:
        budget = min(budget, max(0, limit))
    if budget == 0:
        return []
    now_ts, curve = now.timestamp(), _curve(policy)
    due = [c for c in cards if c.due is not None and c.due <= now and c.state is not CardState.NEW]
    scored = [(_recall(c, now_ts, curve), c.due, i) for i, c in enumerate(due)]  # ties: input order
    picks = [_due_pick(due[i], now, policy) for _, _, i in heapq.nsmallest(budget, scored)]
    new_budget = min(budget - len(picks), max(0, policy.daily_new_cap - today.new))
    if new_budget > 0:
        picks.extend(_new_picks(cards, new_items, new_budget))
    return picks


def _due_pick(card: ReviewCard, now: datetime, policy: SrsPolicy) -> ReviewPick:
    return ReviewPick(
        family=card.family,
        lesson=card.lesson,
        section=card.section,
        reason=PickReason.DUE,
        retrievability=retrievability(card, now, policy),
        overdue=now - (card.due or now),
        leech=card.is_leech(policy),
    )


def _new_picks(cards: Sequence[ReviewCard], new_items: Sequence[NewItem], budget: int) -> list[ReviewPick]:
    known = {c.family for c in cards if not c.is_new}
    picks: list[ReviewPick] = []
    seen: set[FamilyKey] = set()
    candidates = [NewItem(c.family, c.lesson, c.section) for c in cards if c.is_new]
    for item in [*candidates, *new_items]:
        if len(picks) >= budget:
            break
        if item.family in known or item.family in seen:
            continue
        seen.add(item.family)
        picks.append(ReviewPick(item.family, item.lesson, item.section, PickReason.NEW))
    return picks


def due_count(cards: Iterable[ReviewCard], now: datetime) -> int:
    now = as_utc(now)
    return sum(1 for c in cards if c.due is not None and not c.is_new and c.due <= now)


def next_due(cards: Iterable[ReviewCard]) -> datetime | None:
    """When the earliest scheduled card falls due (``None`` when nothing is scheduled)."""
    dues = [c.due for c in cards if c.due is not None and not c.is_new]
    return min(dues) if dues else None


def interval_days(card: ReviewCard) -> float:
    """Days between the last review and the due date (how far the card was spaced out)."""
    if card.due is None or card.last_review is None:
        return 0.0
    return (card.due - card.last_review).total_seconds() / SECONDS_PER_DAY
