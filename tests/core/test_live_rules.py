"""Live quiz rules with an injected clock: speed points (grace, half to full), pauses, click verdicts, tallies
and bars, standings, and the XP rules (3 participants, participation once, each question once)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core import live as rules
from bot.core.live import (
    ClickVerdict,
    LiveAnswer,
    LiveQuestion,
    LiveStatus,
    ScoredAnswer,
    Tally,
)
from bot.core.quiz.questions import Accept, AcceptMode, Question, QuestionType
from bot.core.text import LocalizedText

T0 = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def question(correct: int = 1, choices: int = 4) -> LiveQuestion:
    return LiveQuestion(
        "q1", "10-registries", 2, LocalizedText("Quel registry ?"),
        tuple(LocalizedText(f"choix {i}") for i in range(choices)), correct, LocalizedText("Parce que."),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("elapsed", "duration", "points"),
    [
        (0.0, 30, 1000),
        (3.0, 30, 1000),  # the grace: no typing race
        (16.5, 30, 750),  # halfway through the rest
        (30.0, 30, 500),  # last moment: half points
        (2.0, 10, 1000),  # the grace is at most a fifth of a short question
        (2.5, 10, 969),
        (10.0, 10, 500),
    ],
)
def test_points_for_correct_answers(elapsed: float, duration: float, points: int) -> None:
    assert rules.points_for(True, elapsed, duration) == points


def test_wrong_answers_earn_nothing() -> None:
    assert rules.points_for(False, 0.0, 30) == 0


@settings(max_examples=80, deadline=None)
@given(st.floats(0, 120), st.integers(10, 120))
def test_points_between_half_and_full_and_never_rising(elapsed: float, duration: int) -> None:
    elapsed = min(elapsed, duration)
    points = rules.points_for(True, elapsed, duration)
    assert rules.HALF_POINTS <= points <= rules.FULL_POINTS
    assert rules.points_for(True, min(elapsed + 1, duration), duration) <= points


def test_timing_and_pause_resume() -> None:
    timing = rules.open_question(T0, 30)
    assert timing.duration == 30 and timing.is_open(at(30)) and not timing.is_open(at(30.001))
    assert timing.elapsed(at(-5)) == 0 and timing.elapsed(at(45)) == 30
    left = rules.remaining_seconds(timing, at(12))
    assert left == 18
    resumed = rules.resume_question(at(500), left, timing.duration)  # paused for a long time
    assert resumed.closes_at == at(518) and resumed.elapsed(at(500)) == 12


@pytest.mark.parametrize(
    ("status", "current", "clicked", "when", "verdict"),
    [
        (LiveStatus.RUNNING, 0, 0, 10, None),
        (LiveStatus.RUNNING, 0, 0, 30, None),  # the deadline itself still counts
        (LiveStatus.RUNNING, 0, 0, 30.5, ClickVerdict.TOO_LATE),
        (LiveStatus.RUNNING, 1, 0, 10, ClickVerdict.TOO_LATE),  # an old question's button
        (LiveStatus.PAUSED, 0, 0, 10, ClickVerdict.PAUSED),
        (LiveStatus.FINISHED, 0, 0, 10, ClickVerdict.OVER),
        (LiveStatus.STOPPED, 0, 0, 10, ClickVerdict.OVER),
    ],
)
def test_judge_click(
    status: LiveStatus, current: int, clicked: int, when: float, verdict: ClickVerdict | None
) -> None:
    assert rules.judge_click(status, current, clicked, rules.open_question(T0, 30), at(when)) == verdict


def answers(*choices: int) -> list[LiveAnswer]:
    return [LiveAnswer(str(i), f"M{i}", 0, c, at(i)) for i, c in enumerate(choices)]


def test_tally_counts_and_bars() -> None:
    result = rules.tally(answers(1, 1, 0, 1, 3), 4)
    assert result.counts == (1, 3, 0, 1) and result.total == 5
    assert result.percents() == (20, 60, 0, 20)
    assert rules.tally_lines(result, correct=1) == [
        "A ▓▓░░░░░░░░ 20% (1)",
        "B ▓▓▓▓▓▓░░░░ 60% (3) ✅",
        "C ░░░░░░░░░░ 0% (0)",
        "D ▓▓░░░░░░░░ 20% (1)",
    ]
    assert rules.tally_lines(rules.tally([], 2), correct=0) == [
        "A ░░░░░░░░░░ 0% (0) ✅",
        "B ░░░░░░░░░░ 0% (0)",
    ]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(0, 4), max_size=300))
def test_tally_is_exact_and_percents_sum_to_100(choices: list[int]) -> None:
    result = rules.tally(answers(*choices), 5)
    assert result.counts == tuple(choices.count(i) for i in range(5))
    assert sum(result.percents()) == (100 if choices else 0)
    pairs = zip(result.percents(), result.counts, strict=True)
    assert all(abs(p - 100 * c / max(len(choices), 1)) < 1 for p, c in pairs)


def test_largest_remainder_percents() -> None:
    assert Tally((1, 1, 1)).percents() == (34, 33, 33)


def test_scoring_uses_the_final_answers_time_and_standings_order() -> None:
    timing = rules.open_question(T0, 30)
    final = [
        LiveAnswer("a", "Ana", 0, 1, at(2)),
        LiveAnswer("b", "Bo", 0, 1, at(30)),
        LiveAnswer("c", "Cy", 0, 0, at(1)),
    ]
    scored = rules.score_question(question(), timing, final)
    assert [(s.user, s.correct, s.points, s.elapsed_ms) for s in scored] == [
        ("a", True, 1000, 2000),
        ("b", True, 500, 30000),
        ("c", False, 0, 1000),
    ]
    top = rules.top(scored)
    assert [(s.rank, s.user, s.points) for s in top] == [(1, "a", 1000), (2, "b", 500), (3, "c", 0)]


def test_standings_ties_break_on_time_then_user() -> None:
    scored = [
        ScoredAnswer("z", "Z", 0, True, 1000, 1000),
        ScoredAnswer("y", "Y", 0, True, 1000, 2500),
        ScoredAnswer("x", "X", 0, True, 1000, 1000),
    ]
    assert [s.user for s in rules.standings(scored)] == ["x", "z", "y"]
    many = [ScoredAnswer(str(i), "", 0, True, i, 0) for i in range(9)]
    assert [s.user for s in rules.top(many)] == ["8", "7", "6", "5", "4"]


def test_xp_needs_three_participants() -> None:
    two = [ScoredAnswer(u, u, 0, True, 1000, 10) for u in "ab"]
    assert rules.xp_awards("quiz", two, {0: 2}) == ()
    three = [*two, ScoredAnswer("c", "c", 0, False, 0, 10), ScoredAnswer("a", "a", 1, True, 900, 10)]
    awards = rules.xp_awards("quiz", three, {0: 2, 1: 3})
    keys = [(a.user, a.source_key, a.amount) for a in awards]
    assert keys == [
        ("a", "live:quiz:participation", rules.PARTICIPATION_XP),
        ("b", "live:quiz:participation", rules.PARTICIPATION_XP),
        ("c", "live:quiz:participation", rules.PARTICIPATION_XP),
        ("a", "live:quiz:q0", 20),
        ("b", "live:quiz:q0", 20),
        ("a", "live:quiz:q1", 30),
    ]
    assert len({(a.user, a.source_key) for a in awards}) == len(awards)  # once per question and learner


def test_live_question_from_quiz_questions() -> None:
    common = {
        "id": "x", "kind": "k", "lesson": "10-registries", "section": "10.1", "objective": "o",
        "difficulty": 1, "prompt": LocalizedText("?"),
    }  # fmt: skip
    single = Question(**common, type=QuestionType.SINGLE_CHOICE, choices=("a", "b", "c"), correct=(2,))
    converted = rules.live_question(single)
    assert (
        converted is not None and converted.correct == 2 and converted.choices[0] == LocalizedText("a", "a")
    )
    multiple = Question(**common, type=QuestionType.MULTIPLE_CHOICE, choices=("a", "b"), correct=(0, 1))
    short = Question(**common, type=QuestionType.SHORT_ANSWER, accept=Accept(AcceptMode.TEXT, "a"))
    too_many = Question(**common, type=QuestionType.SINGLE_CHOICE, choices=tuple("abcdef"), correct=(0,))
    assert rules.live_question(multiple) is None
    assert rules.live_question(short) is None
    assert rules.live_question(too_many) is None


@pytest.mark.parametrize(("count", "seconds"), [(0, 30), (11, 30), (5, 9), (5, 121)])
def test_settings_are_checked(count: int, seconds: int) -> None:
    with pytest.raises(rules.InvalidLiveSettingsError) as raised:
        rules.check_settings(count, seconds)
    assert str(count) in raised.value.message("fr")
