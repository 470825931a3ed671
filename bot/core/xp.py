"""XP rules: what earns XP, daily streaks and the level curve. Pure functions, no I/O.

Rules (applied by ``bot.services.progress``):

* A correct answer earns ``XP_BY_DIFFICULTY[difficulty]`` XP (10 / 20 / 30 for easy / medium / hard), but only
  the first correct answer to a given question id on a given calendar day (in the community's time zone):
  repeating a question you already answered correctly today earns nothing. Wrong answers earn nothing.
* A lesson's ``xpReward`` is awarded once, the first time its quiz is passed (score/total >= 80 %).
* Streak: each calendar day (community time zone) with at least one recorded answer or finished quiz extends
  the streak if the previous active day was yesterday, otherwise the streak restarts at 1. The first activity
  of day N of a streak (N >= 2) earns a bonus of ``5 × (N − 1)`` XP, capped at 50.
* Levels: going from level L to L + 1 costs ``5L² + 50L + 100`` XP (the curve popular leveling bots use):
  level 1 at 100 XP, level 2 at 255, level 3 at 475, level 5 at 1 150, level 10 at 4 675 XP.

Every award carries an idempotency key unique per learner; the ``*_key`` helpers below build the keys whose
uniqueness *is* the rule (one daily credit per question and day, one lesson reward, one streak bonus a day).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.errors import DomainError

XP_BY_DIFFICULTY: dict[int, int] = {1: 10, 2: 20, 3: 30}
PASS_RATIO = 0.8
STREAK_BONUS_PER_DAY = 5
STREAK_BONUS_CAP = 50
MAX_AWARD = 1_000_000


class InvalidDifficultyError(DomainError, ValueError):
    def __init__(self, difficulty: object) -> None:
        self.difficulty = difficulty
        super().__init__(
            f"Difficulté invalide : {difficulty!r} (attendu 1, 2 ou 3).",
            f"Invalid difficulty: {difficulty!r} (expected 1, 2 or 3).",
        )


class InvalidAmountError(DomainError, ValueError):
    def __init__(self, amount: object) -> None:
        self.amount = amount
        super().__init__(
            f"Montant d'XP invalide : {amount!r} (un entier non nul entre -{MAX_AWARD} et {MAX_AWARD}).",
            f"Invalid XP amount: {amount!r} (a non-zero integer between -{MAX_AWARD} and {MAX_AWARD}).",
        )


class InvalidScoreError(DomainError, ValueError):
    def __init__(self, score: object, total: object) -> None:
        self.score, self.total = score, total
        super().__init__(
            f"Score invalide : {score!r}/{total!r} (0 ≤ score ≤ total, total ≥ 1).",
            f"Invalid score: {score!r}/{total!r} (0 ≤ score ≤ total, total ≥ 1).",
        )


class InvalidTimezoneError(DomainError, ValueError):
    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(
            f"Fuseau horaire inconnu : {name!r} (exemple : Europe/Paris).",
            f"Unknown time zone: {name!r} (for example Europe/Paris).",
        )


def zone(name: str) -> ZoneInfo:
    """The IANA time zone called ``name``; raises :class:`InvalidTimezoneError` if there is none."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise InvalidTimezoneError(name) from exc


def xp_for_answer(difficulty: int, correct: bool) -> int:
    """XP a first correct answer of the day is worth (0 for a wrong answer)."""
    if isinstance(difficulty, bool) or difficulty not in XP_BY_DIFFICULTY:
        raise InvalidDifficultyError(difficulty)
    return XP_BY_DIFFICULTY[difficulty] if correct else 0


def check_amount(amount: int) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int) or amount == 0 or abs(amount) > MAX_AWARD:
        raise InvalidAmountError(amount)
    return amount


def quiz_passed(score: int, total: int) -> bool:
    """A quiz is passed with at least 80 % of the points (integer arithmetic, no rounding surprises)."""
    if isinstance(score, bool) or isinstance(total, bool) or total < 1 or not 0 <= score <= total:
        raise InvalidScoreError(score, total)
    return score * 10 >= total * 8


def local_day(at: datetime, tz: ZoneInfo) -> date:
    """The calendar day ``at`` (tz-aware) falls on in ``tz``."""
    if at.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    return at.astimezone(tz).date()


def next_streak(streak: int, last_active_day: date | None, today: date) -> int:
    """The streak after some activity on ``today`` (mirrored in SQL by the progress repository)."""
    if last_active_day is not None and last_active_day >= today:
        return max(streak, 1)
    if last_active_day == today - timedelta(days=1):
        return streak + 1
    return 1


def current_streak(streak: int, last_active_day: date | None, today: date) -> int:
    """The streak as shown on ``today``: it is broken (0) once a whole day passed without activity."""
    if last_active_day is None or last_active_day < today - timedelta(days=1):
        return 0
    return streak


def streak_bonus(streak: int) -> int:
    """Bonus XP for the first activity of day ``streak`` of a streak."""
    if streak < 2:
        return 0
    return min(STREAK_BONUS_PER_DAY * (streak - 1), STREAK_BONUS_CAP)


def answer_credit_key(question_id: str, day: date) -> str:
    """Ledger key of the XP for ``question_id`` on ``day``: unique per learner, so earned once a day."""
    return f"answer:{question_id}:{day.isoformat()}"


def lesson_reward_key(lesson: str) -> str:
    """Ledger key of a lesson's ``xpReward``: unique per learner, so earned once ever."""
    return f"lesson:{lesson}"


def streak_bonus_key(day: date) -> str:
    return f"streak:{day.isoformat()}"


def xp_needed_for_level(level: int) -> int:
    """XP it takes to go from ``level`` to ``level + 1``: 5L² + 50L + 100."""
    if level < 0:
        raise ValueError("levels start at 0")
    return 5 * level * level + 50 * level + 100


def total_xp_for_level(level: int) -> int:
    """Total XP at which ``level`` is reached (sum of the steps below it; 0 for level 0)."""
    if level < 0:
        raise ValueError("levels start at 0")
    n = level
    return (5 * (n - 1) * n * (2 * n - 1)) // 6 + 25 * n * (n - 1) + 100 * n


def level_for(xp: int) -> int:
    """The level a learner with ``xp`` total XP has (0 below 100 XP, never negative)."""
    if xp < 100:
        return 0
    low, high = 0, 1
    while total_xp_for_level(high) <= xp:
        low, high = high, high * 2
    while high - low > 1:  # invariant: total(low) <= xp < total(high)
        mid = (low + high) // 2
        if total_xp_for_level(mid) <= xp:
            low = mid
        else:
            high = mid
    return low


def xp_to_next_level(xp: int) -> int:
    """XP still missing to reach the next level."""
    return total_xp_for_level(level_for(xp) + 1) - max(xp, 0)


@dataclass(frozen=True, slots=True)
class LevelProgress:
    level: int
    xp_into_level: int  # XP earned since the current level was reached
    xp_for_next_level: int  # size of the current level's step (into/for is the progress bar)

    @property
    def xp_remaining(self) -> int:
        return self.xp_for_next_level - self.xp_into_level


def level_progress(xp: int) -> LevelProgress:
    level = level_for(xp)
    return LevelProgress(level, max(xp, 0) - total_xp_for_level(level), xp_needed_for_level(level))


class NegativeBalanceError(DomainError, ValueError):
    def __init__(self, amount: int) -> None:
        self.amount = amount
        super().__init__(
            f"Impossible de retirer {-amount} XP : le total deviendrait négatif.",
            f"Cannot remove {-amount} XP: the total would become negative.",
        )


def check_reward(xp_reward: int) -> int:
    """A lesson's ``xpReward``: an integer from 0 to ``MAX_AWARD``."""
    if isinstance(xp_reward, bool) or not isinstance(xp_reward, int) or not 0 <= xp_reward <= MAX_AWARD:
        raise InvalidAmountError(xp_reward)
    return xp_reward
