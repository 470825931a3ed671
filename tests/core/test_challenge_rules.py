"""Weekly challenge rules: the week turns on Monday 00:00 in the community's time zone, seeds are stable per
community and ISO week, lessons are picked from the seed, announcements are due once a week, ranking."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.challenge import (
    ChallengeResult,
    NoChallengeLessonError,
    announcement_due,
    challenge_lesson,
    challenge_seed,
    challenge_week,
    rank_results,
)

PARIS = ZoneInfo("Europe/Paris")
TOKYO = ZoneInfo("Asia/Tokyo")


@pytest.mark.parametrize(
    ("instant", "tz", "monday", "label"),
    [
        # Sunday 23:30 in Paris (UTC+1 in winter) is still week 9; Monday 00:00 Paris starts week 10.
        (datetime(2026, 3, 1, 22, 30, tzinfo=UTC), PARIS, date(2026, 2, 23), "2026-W09"),
        (datetime(2026, 3, 1, 23, 0, tzinfo=UTC), PARIS, date(2026, 3, 2), "2026-W10"),
        # The same UTC instant is already Monday in Tokyo.
        (datetime(2026, 3, 1, 15, 0, tzinfo=UTC), TOKYO, date(2026, 3, 2), "2026-W10"),
        (datetime(2026, 3, 1, 15, 0, tzinfo=UTC), ZoneInfo("UTC"), date(2026, 2, 23), "2026-W09"),
        # ISO years: 1 January 2027 (a Friday) belongs to 2026-W53.
        (datetime(2027, 1, 1, 12, 0, tzinfo=UTC), ZoneInfo("UTC"), date(2026, 12, 28), "2026-W53"),
    ],
)
def test_week_turns_on_monday_local_time(instant: datetime, tz: ZoneInfo, monday: date, label: str) -> None:
    week = challenge_week(instant, tz)
    assert (week.monday, week.label) == (monday, label)
    assert week.starts_at <= instant < week.ends_at
    assert week.starts_at.astimezone(tz).hour == 0 and week.starts_at.astimezone(tz).weekday() == 0


def test_week_across_daylight_saving_is_167_hours_long() -> None:
    week = challenge_week(datetime(2026, 3, 25, 12, tzinfo=UTC), PARIS)  # DST starts on 29 March
    assert week.ends_at - week.starts_at == timedelta(hours=167)
    assert week.previous(PARIS).monday == week.monday - timedelta(days=7)


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError):
        challenge_week(datetime(2026, 3, 2), PARIS)


@settings(max_examples=60, deadline=None)
@given(st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1)), st.text(min_size=1))
def test_seed_is_the_same_all_week_and_changes_next_week(instant: datetime, community: str) -> None:
    now = instant.replace(tzinfo=UTC)
    week = challenge_week(now, PARIS)
    assert challenge_seed(community, challenge_week(week.starts_at, PARIS)) == challenge_seed(community, week)
    last_moment = challenge_week(week.ends_at - timedelta(microseconds=1), PARIS)
    assert challenge_seed(community, last_moment) == challenge_seed(community, week)
    next_week = challenge_week(week.ends_at, PARIS)
    assert challenge_seed(community, next_week) != challenge_seed(community, week)
    assert 0 <= challenge_seed(community, week) < 2**31


def test_seed_depends_on_the_community() -> None:
    week = challenge_week(datetime(2026, 3, 4, tzinfo=UTC), PARIS)
    assert challenge_seed("guild-a", week) != challenge_seed("guild-b", week)


def test_lesson_is_picked_by_seed_in_any_order() -> None:
    lessons = ["10-registries", "11-volumes", "12-networks"]
    assert challenge_lesson(lessons, 4) == "11-volumes"
    assert challenge_lesson(list(reversed(lessons)), 4) == "11-volumes"
    with pytest.raises(NoChallengeLessonError):
        challenge_lesson([], 4)


def test_announcement_due_once_per_week() -> None:
    sunday_night = datetime(2026, 3, 1, 22, 59, tzinfo=UTC)  # 23:59 in Paris
    assert not announcement_due(sunday_night, PARIS, date(2026, 2, 23))
    assert announcement_due(sunday_night + timedelta(minutes=1), PARIS, date(2026, 2, 23))
    assert not announcement_due(sunday_night + timedelta(minutes=1), PARIS, date(2026, 3, 2))
    assert announcement_due(sunday_night, PARIS, None)


def test_ranking_finished_first_then_score_then_speed() -> None:
    results = [
        ChallengeResult("a", "A", 4, 5, 60.0, True),
        ChallengeResult("b", "B", 5, 5, 90.0, True),
        ChallengeResult("c", "C", 5, 5, 45.0, True),
        ChallengeResult("d", "D", 5, 5, 10.0, False),  # still playing: after every finished attempt
        ChallengeResult("e", "E", 4, 5, 60.0, True),
    ]
    assert [(e.rank, e.result.user) for e in rank_results(results)] == [
        (1, "c"),
        (2, "b"),
        (3, "a"),
        (4, "e"),
        (5, "d"),
    ]
