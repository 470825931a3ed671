"""Reminder rules: opt-in, one a day at most, only when reviews are due, stop after two weeks of silence."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.coaching.reminders import (
    InvalidReminderError,
    ReminderSchedule,
    Verdict,
    decide,
    gave_up,
    next_reminder_time,
    next_wake_up,
    opt_in,
    opt_out,
    reminder_text,
)

MONDAY = datetime(2026, 11, 23, 9, tzinfo=UTC)


def on(hour: int = 18, tz: str = "UTC") -> ReminderSchedule:
    return replace(opt_in(None, MONDAY, hour), timezone=tz)


class TestDecide:
    def test_off_by_default_and_after_opt_out(self) -> None:
        assert decide(ReminderSchedule(enabled=False), 3, MONDAY) is Verdict.DISABLED
        assert decide(opt_out(on()), 3, MONDAY.replace(hour=19)) is Verdict.DISABLED

    @pytest.mark.parametrize(
        ("hour", "due", "verdict"),
        [
            (17, 3, Verdict.TOO_EARLY),
            (18, 0, Verdict.NOTHING_DUE),
            (18, 3, Verdict.SEND),
            (23, 1, Verdict.SEND),
        ],
    )
    def test_hour_and_due_reviews(self, hour: int, due: int, verdict: Verdict) -> None:
        assert decide(on(18), due, MONDAY.replace(hour=hour)) is verdict

    def test_one_a_day(self) -> None:
        sent = replace(on(18), last_sent=MONDAY.replace(hour=18))
        assert decide(sent, 5, MONDAY.replace(hour=22)) is Verdict.ALREADY_SENT_TODAY
        assert decide(sent, 5, MONDAY.replace(hour=18) + timedelta(days=1)) is Verdict.SEND

    def test_local_day_and_hour_in_the_time_zone(self) -> None:
        paris = on(8, "Europe/Paris")  # 08:00 in Paris is 07:00 UTC in November
        assert decide(paris, 1, MONDAY.replace(hour=6, minute=59)) is Verdict.TOO_EARLY
        assert decide(paris, 1, MONDAY.replace(hour=7)) is Verdict.SEND

    def test_gives_up_after_two_weeks_of_unanswered_reminders(self) -> None:
        schedule = replace(on(18), last_sent=MONDAY + timedelta(days=13, hours=9))
        assert not gave_up(schedule, MONDAY + timedelta(days=13, hours=23))
        assert decide(schedule, 4, MONDAY + timedelta(days=14, hours=10)) is Verdict.GAVE_UP
        answered = replace(schedule, last_activity=MONDAY + timedelta(days=13, hours=10))
        assert decide(answered, 4, MONDAY + timedelta(days=14, hours=10)) is Verdict.SEND

    def test_silence_without_any_reminder_is_not_giving_up(self) -> None:
        assert not gave_up(on(18), MONDAY + timedelta(days=30))

    def test_opt_in_validates_and_keeps_hour(self) -> None:
        assert opt_in(on(7), MONDAY).hour == 7
        with pytest.raises(InvalidReminderError) as error:
            opt_in(None, MONDAY, 24)
        assert "0 à 23" in error.value.message("fr")
        with pytest.raises(InvalidReminderError):
            ReminderSchedule(enabled=True, timezone="Mars/Olympus")


class TestNextTime:
    def test_waits_for_the_hour_and_the_due_review(self) -> None:
        schedule = on(18)
        assert next_reminder_time(schedule, MONDAY, MONDAY) == MONDAY.replace(hour=18)
        later = MONDAY.replace(hour=20, minute=30)
        assert next_reminder_time(schedule, later, MONDAY) == later
        assert next_reminder_time(schedule, None, MONDAY) is None
        assert next_reminder_time(opt_out(schedule), MONDAY, MONDAY) is None

    def test_already_sent_today_moves_to_tomorrow(self) -> None:
        sent = replace(on(18), last_sent=MONDAY.replace(hour=18))
        assert next_reminder_time(sent, MONDAY, MONDAY.replace(hour=19)) == MONDAY.replace(
            hour=18
        ) + timedelta(days=1)

    def test_none_after_giving_up(self) -> None:
        # opted in Monday 09:00; reminded every day until day 13 at 18:00; the next slot (day 14,
        # 18:00) is past two weeks of silence, so there is none.
        day12 = replace(on(18), last_sent=MONDAY.replace(hour=18) + timedelta(days=12))
        assert next_reminder_time(day12, MONDAY, MONDAY + timedelta(days=12, hours=10)) is not None
        day13 = replace(on(18), last_sent=MONDAY.replace(hour=18) + timedelta(days=13))
        assert next_reminder_time(day13, MONDAY, MONDAY + timedelta(days=13, hours=10)) is None

    def test_next_wake_up_is_the_earliest(self) -> None:
        a, b = MONDAY + timedelta(hours=5), MONDAY + timedelta(hours=2)
        assert next_wake_up([a, None, b]) == b
        assert next_wake_up([None]) is None

    @settings(max_examples=80, deadline=None)
    @given(
        hour=st.integers(0, 23),
        tz=st.sampled_from(["UTC", "Europe/Paris", "America/Montreal", "Pacific/Kiritimati"]),
        due_offset=st.integers(0, 5 * 24 * 60),
        sent_offset=st.one_of(st.none(), st.integers(-3 * 24 * 60, 0)),
    )
    def test_next_time_is_a_time_decide_accepts(
        self, hour: int, tz: str, due_offset: int, sent_offset: int | None
    ) -> None:
        schedule = on(hour, tz)
        if sent_offset is not None:
            schedule = replace(schedule, last_sent=MONDAY + timedelta(minutes=sent_offset))
        due = MONDAY + timedelta(minutes=due_offset)
        moment = next_reminder_time(schedule, due, MONDAY)
        assert moment is not None and moment >= max(MONDAY, due)
        assert decide(schedule, 1, moment) is Verdict.SEND
        if moment - timedelta(minutes=1) >= max(MONDAY, due):
            assert decide(schedule, 1, moment - timedelta(minutes=1)) is not Verdict.SEND


@pytest.mark.parametrize(
    ("n", "lang", "text"),
    [
        (3, "fr", "3 révisions t'attendent"),
        (1, "fr", "1 révision t'attend"),
        (2, "en", "2 reviews are waiting"),
    ],
)
def test_reminder_text(n: int, lang: str, text: str) -> None:
    assert text in reminder_text(n, lang)


def test_give_up_at() -> None:
    from bot.core.coaching.reminders import give_up_at

    assert give_up_at(on(18)) is None
    sent = replace(on(18), last_sent=MONDAY + timedelta(days=1))
    assert give_up_at(sent) == MONDAY + timedelta(days=14)
    assert give_up_at(replace(sent, last_activity=MONDAY + timedelta(days=2))) is None
