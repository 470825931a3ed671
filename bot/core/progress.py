"""What recording progress tells the caller: outcomes of answers, quizzes and awards; learner profiles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class AnswerOutcome:
    xp_awarded: int  # answer XP + streak bonus earned by this answer (0 on a duplicate)
    total_xp: int
    level: int
    leveled_up: bool
    streak: int
    duplicate: bool  # this source key was already recorded: nothing changed
    streak_bonus: int = 0  # part of xp_awarded that is the streak bonus


@dataclass(frozen=True, slots=True)
class CompletionOutcome:
    passed: bool
    first_completion: bool  # first time this lesson's quiz is passed (the lesson's xpReward was awarded)
    xp_awarded: int
    total_xp: int
    level: int
    leveled_up: bool
    best_score: int
    duplicate: bool
    best_total: int = 0  # the quiz size ``best_score`` was obtained on
    streak: int = 0


@dataclass(frozen=True, slots=True)
class AwardOutcome:
    xp_awarded: int
    total_xp: int
    level: int
    leveled_up: bool
    duplicate: bool


@dataclass(frozen=True, slots=True)
class LearnerProfile:
    community: str
    user: str
    display_name: str
    xp: int
    level: int
    xp_into_level: int
    xp_for_next_level: int  # size of the current level's step; remaining = for_next - into
    streak: int  # current streak (0 once a whole day passed without activity)
    best_streak: int
    rank: int | None  # all-time rank in the community; None without any XP
    last_active_day: date | None

    @property
    def xp_to_next_level(self) -> int:
        return self.xp_for_next_level - self.xp_into_level


@dataclass(frozen=True, slots=True)
class LearnerTotals:
    """A learner's stored counters (as of the last award or activity)."""

    xp: int = 0
    level: int = 0
    streak: int = 0  # as stored: see ``bot.core.xp.current_streak`` for the streak shown today
    best_streak: int = 0
    last_active_day: date | None = None
    xp_reached_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Credit:
    """The result of one XP ledger entry that was applied."""

    amount: int
    total_xp: int  # the learner's total right after it

    @property
    def total_before(self) -> int:
        return self.total_xp - self.amount
