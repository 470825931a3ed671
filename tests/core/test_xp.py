"""XP rules: answer XP, pass rule, streaks, keys and the level curve (table-driven and property-based)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core import xp
from bot.core.leaderboard import week_start, week_start_instant
from bot.core.learners import LearnerKey

PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(
    ("difficulty", "correct", "expected"),
    [(1, True, 10), (2, True, 20), (3, True, 30), (1, False, 0), (3, False, 0)],
)
def test_answer_xp_by_difficulty(difficulty: int, correct: bool, expected: int) -> None:
    assert xp.xp_for_answer(difficulty, correct) == expected


@pytest.mark.parametrize("difficulty", [0, 4, -1, True, "2"])
def test_answer_xp_rejects_unknown_difficulty(difficulty: object) -> None:
    with pytest.raises(xp.InvalidDifficultyError) as caught:
        xp.xp_for_answer(difficulty, True)  # type: ignore[arg-type]
    assert "1, 2 ou 3" in caught.value.message("fr")
    assert "1, 2 or 3" in caught.value.message("en")


@pytest.mark.parametrize(
    ("score", "total", "passed"),
    [(8, 10, True), (7, 10, False), (4, 5, True), (3, 5, False), (5, 5, True), (0, 1, False), (1, 1, True)],
)
def test_quiz_is_passed_at_eighty_percent(score: int, total: int, passed: bool) -> None:
    assert xp.quiz_passed(score, total) is passed


@pytest.mark.parametrize(("score", "total"), [(6, 5), (-1, 5), (0, 0), (1, -1)])
def test_quiz_score_is_validated(score: int, total: int) -> None:
    with pytest.raises(xp.InvalidScoreError):
        xp.quiz_passed(score, total)


@pytest.mark.parametrize(
    ("level", "needed", "total"),
    [(0, 100, 0), (1, 155, 100), (2, 220, 255), (3, 295, 475), (5, 475, 1150), (10, 1100, 4675)],
)
def test_level_curve_table(level: int, needed: int, total: int) -> None:
    assert xp.xp_needed_for_level(level) == needed
    assert xp.total_xp_for_level(level) == total


@pytest.mark.parametrize(
    ("total_xp", "level", "to_next"),
    [(0, 0, 100), (99, 0, 1), (100, 1, 155), (254, 1, 1), (255, 2, 220), (4675, 10, 1100), (-5, 0, 100)],
)
def test_level_for_and_xp_to_next_level(total_xp: int, level: int, to_next: int) -> None:
    assert xp.level_for(total_xp) == level
    assert xp.xp_to_next_level(total_xp) == to_next


@settings(max_examples=200)
@given(st.integers(min_value=0, max_value=10**12))
def test_level_brackets_the_xp(total_xp: int) -> None:
    level = xp.level_for(total_xp)
    assert xp.total_xp_for_level(level) <= total_xp < xp.total_xp_for_level(level + 1)
    progress = xp.level_progress(total_xp)
    assert progress.level == level
    assert 0 <= progress.xp_into_level < progress.xp_for_next_level
    assert progress.xp_remaining == xp.xp_to_next_level(total_xp)


@given(st.integers(min_value=0, max_value=500))
def test_total_is_the_sum_of_steps(level: int) -> None:
    assert xp.total_xp_for_level(level) == sum(xp.xp_needed_for_level(k) for k in range(level))


@pytest.mark.parametrize(
    ("streak", "last", "today", "expected"),
    [
        (0, None, date(2024, 3, 10), 1),
        (4, date(2024, 3, 9), date(2024, 3, 10), 5),
        (4, date(2024, 3, 10), date(2024, 3, 10), 4),
        (4, date(2024, 3, 8), date(2024, 3, 10), 1),
        (4, date(2024, 3, 11), date(2024, 3, 10), 4),  # a late, backdated answer changes nothing
    ],
)
def test_next_streak(streak: int, last: date | None, today: date, expected: int) -> None:
    assert xp.next_streak(streak, last, today) == expected


@pytest.mark.parametrize(
    ("streak", "last", "today", "shown"),
    [
        (3, date(2024, 3, 10), date(2024, 3, 10), 3),
        (3, date(2024, 3, 9), date(2024, 3, 10), 3),  # still alive until the end of today
        (3, date(2024, 3, 8), date(2024, 3, 10), 0),
        (0, None, date(2024, 3, 10), 0),
    ],
)
def test_current_streak_breaks_after_a_missed_day(
    streak: int, last: date | None, today: date, shown: int
) -> None:
    assert xp.current_streak(streak, last, today) == shown


@pytest.mark.parametrize(("streak", "bonus"), [(0, 0), (1, 0), (2, 5), (3, 10), (11, 50), (40, 50)])
def test_streak_bonus(streak: int, bonus: int) -> None:
    assert xp.streak_bonus(streak) == bonus


def test_local_day_uses_the_community_time_zone() -> None:
    late = datetime(2024, 3, 9, 23, 30, tzinfo=UTC)  # already Sunday 00:30 in Paris
    assert xp.local_day(late, ZoneInfo("UTC")) == date(2024, 3, 9)
    assert xp.local_day(late, PARIS) == date(2024, 3, 10)
    with pytest.raises(ValueError):
        xp.local_day(datetime(2024, 3, 9), PARIS)


def test_keys_encode_the_rules() -> None:
    day = date(2024, 3, 10)
    assert xp.answer_credit_key("q1", day) == "answer:q1:2024-03-10"
    assert xp.answer_credit_key("q1", day) != xp.answer_credit_key("q1", date(2024, 3, 11))
    assert xp.lesson_reward_key("10-registries") == "lesson:10-registries"
    assert xp.streak_bonus_key(day) == "streak:2024-03-10"


@pytest.mark.parametrize("amount", [0, True, 1.5, xp.MAX_AWARD + 1, -xp.MAX_AWARD - 1])
def test_award_amount_is_validated(amount: object) -> None:
    with pytest.raises(xp.InvalidAmountError):
        xp.check_amount(amount)  # type: ignore[arg-type]
    assert xp.check_amount(-20) == -20


def test_zone_rejects_unknown_names() -> None:
    assert xp.zone("Europe/Paris") == PARIS
    for name in ("Mars/Olympus", "", "../etc/passwd"):
        with pytest.raises(xp.InvalidTimezoneError):
            xp.zone(name)


@pytest.mark.parametrize(
    ("now", "monday", "instant"),
    [
        # Sunday 23:30 UTC is already Monday 00:30 in Paris (winter, UTC+1): a new week there.
        (
            datetime(2024, 1, 14, 23, 30, tzinfo=UTC),
            date(2024, 1, 15),
            datetime(2024, 1, 14, 23, 0, tzinfo=UTC),
        ),
        (
            datetime(2024, 1, 14, 22, 59, tzinfo=UTC),
            date(2024, 1, 8),
            datetime(2024, 1, 7, 23, 0, tzinfo=UTC),
        ),
        # Summer time (UTC+2).
        (datetime(2024, 7, 3, 12, 0, tzinfo=UTC), date(2024, 7, 1), datetime(2024, 6, 30, 22, 0, tzinfo=UTC)),
    ],
)
def test_week_starts_monday_midnight_local(now: datetime, monday: date, instant: datetime) -> None:
    assert week_start(now, PARIS) == monday
    assert week_start_instant(now, PARIS) == instant


def test_learner_key_needs_community_and_user() -> None:
    assert LearnerKey("123", "456").display_name == ""
    with pytest.raises(ValueError):
        LearnerKey("", "456")
    with pytest.raises(ValueError):
        LearnerKey("console", "  ")
