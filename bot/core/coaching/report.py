"""The organiser's report: who completed what, who is stuck where, and which questions look broken.

Per question family (kind + objective + variant):
- **facility**: share of learners right on their first try;
- **discrimination**: the upper-lower index (share right on first try among the 27 % strongest learners minus
  the 27 % weakest), strength being the learner's first-try score on *the other* families; and the
  point-biserial correlation between first-try success and that same score;
- the most chosen wrong answer (the attempt's ``choice``: a mistake tag or the choice text).

A family is flagged when almost nobody gets it right, when strong learners fail it more than weak ones, or
when the strongest learners choose one wrong answer more often than the right one (often a wrong answer
key). Flags need at least ``MIN_LEARNERS`` learners, and discrimination a few right and a few wrong first
tries, to keep noise out.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.core.coaching.attempts import Attempt
from bot.core.coaching.srs import FamilyKey, as_utc

MIN_LEARNERS = 5
MIN_EACH_OUTCOME = 3
TOO_HARD_FACILITY = 0.2
NEGATIVE_DISCRIMINATION = -0.1
UPPER_LOWER_SHARE = 0.27
STUCK_MIN_ATTEMPTS = 3
STUCK_WINDOW = 5


class FamilyFlag(StrEnum):
    TOO_HARD = "too_hard"  # almost nobody right on the first try
    NEGATIVE_DISCRIMINATION = "negative_discrimination"  # strong learners fail more than weak ones
    WRONG_ANSWER_BEATS_KEY = "wrong_answer_beats_key"  # strong learners prefer one wrong answer to the key


@dataclass(frozen=True, slots=True)
class Completion:
    learner: str
    lesson: str
    completed_at: datetime
    best_score: float = 1.0


@dataclass(frozen=True, slots=True)
class FamilyStats:
    family: FamilyKey
    lesson: str
    learners: int
    attempts: int
    first_try_right: int
    facility: float
    discrimination: float | None
    point_biserial: float | None
    top_wrong_answer: str
    top_wrong_count: int
    flags: tuple[FamilyFlag, ...]


@dataclass(frozen=True, slots=True)
class StuckLearner:
    learner: str
    lesson: str
    objective: str
    attempts: int
    recent_right: int
    recent_total: int
    last_attempt: datetime


@dataclass(frozen=True, slots=True)
class LessonCompletions:
    lesson: str
    learners: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ClassReport:
    generated_at: datetime
    lesson: str | None
    learners: int
    families: tuple[FamilyStats, ...]
    completions: tuple[LessonCompletions, ...]
    stuck: tuple[StuckLearner, ...]

    @property
    def flagged(self) -> tuple[FamilyStats, ...]:
        return tuple(f for f in self.families if f.flags)


def _first_tries(attempts: Iterable[Attempt]) -> dict[FamilyKey, dict[str, Attempt]]:
    """For each family, each learner's first attempt."""
    first: dict[FamilyKey, dict[str, Attempt]] = defaultdict(dict)
    for attempt in sorted(attempts, key=lambda a: (as_utc(a.answered_at), a.learner, a.family.id)):
        first[attempt.family].setdefault(attempt.learner, attempt)
    return first


def _rest_scores(first: Mapping[FamilyKey, Mapping[str, Attempt]], family: FamilyKey) -> dict[str, float]:
    """Each learner's first-try score on the other families (learners with none are left out)."""
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for other, by_learner in first.items():
        if other == family:
            continue
        for learner, attempt in by_learner.items():
            total[learner] += 1
            right[learner] += attempt.correct
    return {learner: right[learner] / n for learner, n in total.items()}


def upper_lower_index(pairs: Sequence[tuple[float, bool]]) -> float | None:
    """p(upper 27 %) - p(lower 27 %) for (ability, right) pairs; ``None`` below 4 learners."""
    if len(pairs) < 4:
        return None
    ranked = sorted(pairs, key=lambda p: p[0])
    k = max(1, round(UPPER_LOWER_SHARE * len(ranked)))
    lower, upper = ranked[:k], ranked[-k:]
    return sum(r for _, r in upper) / k - sum(r for _, r in lower) / k


def point_biserial(pairs: Sequence[tuple[float, bool]]) -> float | None:
    """Correlation between success (0/1) and ability; ``None`` when either does not vary."""
    n = len(pairs)
    if n < 2:
        return None
    right = [a for a, r in pairs if r]
    wrong = [a for a, r in pairs if not r]
    mean = sum(a for a, _ in pairs) / n
    sd = math.sqrt(sum((a - mean) ** 2 for a, _ in pairs) / n)
    if not right or not wrong or sd == 0:
        return None
    p = len(right) / n
    return (sum(right) / len(right) - sum(wrong) / len(wrong)) / sd * math.sqrt(p * (1 - p))


def _enough_variation(pairs: Sequence[tuple[float, bool]]) -> bool:
    """Discrimination means something only with a few right and a few wrong first tries."""
    right = sum(1 for _, r in pairs if r)
    return len(pairs) >= MIN_LEARNERS and min(right, len(pairs) - right) >= MIN_EACH_OUTCOME


def _strong_learners_prefer_a_wrong_answer(firsts: Mapping[str, Attempt], rest: Mapping[str, float]) -> bool:
    """Among the strongest 27 %, one wrong answer is chosen more often than the right one (wrong key?)."""
    ranked = sorted((learner for learner in firsts if learner in rest), key=lambda x: (rest[x], x))
    k = round(UPPER_LOWER_SHARE * len(ranked))
    if k < 2:
        return False
    upper = [firsts[learner] for learner in ranked[-k:]]
    _, wrong_count = _top_wrong(upper)
    return wrong_count > sum(1 for a in upper if a.correct)


def _top_wrong(attempts: Sequence[Attempt]) -> tuple[str, int]:
    counts = Counter(a.choice for a in attempts if not a.correct and a.choice)
    if not counts:
        return "", 0
    choice, count = min(counts.items(), key=lambda item: (-item[1], item[0]))
    return choice, count


def family_stats(
    family: FamilyKey,
    first: Mapping[FamilyKey, Mapping[str, Attempt]],
    all_attempts: Sequence[Attempt],
) -> FamilyStats:
    firsts = first[family]
    n = len(firsts)
    right = sum(1 for a in firsts.values() if a.correct)
    rest = _rest_scores(first, family)
    pairs = [(rest[learner], a.correct) for learner, a in sorted(firsts.items()) if learner in rest]
    d_index, r_pb = upper_lower_index(pairs), point_biserial(pairs)
    facility = right / n if n else 0.0
    flags: list[FamilyFlag] = []
    if n >= MIN_LEARNERS:
        if facility < TOO_HARD_FACILITY:
            flags.append(FamilyFlag.TOO_HARD)
        if _enough_variation(pairs) and (
            (d_index is not None and d_index <= NEGATIVE_DISCRIMINATION)
            or (r_pb is not None and r_pb <= NEGATIVE_DISCRIMINATION)
        ):
            flags.append(FamilyFlag.NEGATIVE_DISCRIMINATION)
        if _strong_learners_prefer_a_wrong_answer(firsts, rest):
            flags.append(FamilyFlag.WRONG_ANSWER_BEATS_KEY)
    top_any, top_any_count = _top_wrong(all_attempts)
    return FamilyStats(
        family=family,
        lesson=next(iter(firsts.values())).lesson,
        learners=n,
        attempts=len(all_attempts),
        first_try_right=right,
        facility=facility,
        discrimination=d_index,
        point_biserial=r_pb,
        top_wrong_answer=top_any,
        top_wrong_count=top_any_count,
        flags=tuple(flags),
    )


def stuck_learners(attempts: Iterable[Attempt]) -> list[StuckLearner]:
    """Learners with at least 3 attempts on an objective and under half right in their last 5."""
    grouped: dict[tuple[str, str, str], list[Attempt]] = defaultdict(list)
    for a in attempts:
        grouped[(a.learner, a.lesson, a.objective)].append(a)
    stuck: list[StuckLearner] = []
    for (learner, lesson, objective), items in sorted(grouped.items()):
        if len(items) < STUCK_MIN_ATTEMPTS:
            continue
        items.sort(key=lambda a: as_utc(a.answered_at))
        recent = items[-STUCK_WINDOW:]
        right = sum(1 for a in recent if a.correct)
        if right * 2 < len(recent):
            last = as_utc(recent[-1].answered_at)
            stuck.append(StuckLearner(learner, lesson, objective, len(items), right, len(recent), last))
    return stuck


def build_report(
    attempts: Sequence[Attempt],
    completions: Sequence[Completion],
    now: datetime,
    lesson: str | None = None,
) -> ClassReport:
    """The report, restricted to ``lesson`` if given (learner strength always uses every lesson)."""
    first = _first_tries(attempts)
    by_family: dict[FamilyKey, list[Attempt]] = defaultdict(list)
    for a in attempts:
        by_family[a.family].append(a)
    stats = [
        family_stats(family, first, by_family[family])
        for family in first
        if lesson is None or any(a.lesson == lesson for a in by_family[family])
    ]
    stats.sort(key=lambda s: (not s.flags, s.lesson, s.family.id))
    done: dict[str, set[str]] = defaultdict(set)
    for c in completions:
        if lesson is None or c.lesson == lesson:
            done[c.lesson].add(c.learner)
    scoped = [a for a in attempts if lesson is None or a.lesson == lesson]
    learners = {a.learner for a in scoped} | {c.learner for c in completions if lesson in (None, c.lesson)}
    return ClassReport(
        generated_at=as_utc(now),
        lesson=lesson,
        learners=len(learners),
        families=tuple(stats),
        completions=tuple(LessonCompletions(k, tuple(sorted(v))) for k, v in sorted(done.items())),
        stuck=tuple(stuck_learners(scoped)),
    )
