"""The organiser's report: statistics per question family, flags on a planted broken question, JSON/text."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta

import pytest

from bot.core.coaching.attempts import Attempt
from bot.core.coaching.report import (
    Completion,
    FamilyFlag,
    build_report,
    point_biserial,
    stuck_learners,
    upper_lower_index,
)
from bot.core.coaching.report_format import (
    ReportInputError,
    parse_report_input,
    render_report_text,
    report_to_dict,
)
from bot.core.coaching.srs import FamilyKey

NOW = datetime(2026, 11, 27, 20, tzinfo=UTC)
GOOD = [FamilyKey("image_name", f"obj{i % 3}", f"ask{i}") for i in range(15)]
# Planted: its answer key is wrong, so learners who know the rule "fail" it and pick the true answer.
BROKEN_KEY = FamilyKey("tag_meaning", "obj1", "bad-key")
IMPOSSIBLE = FamilyKey("command", "obj2", "typo-in-every-choice")


def class_attempts(seed: int = 3) -> list[Attempt]:
    rng = random.Random(seed)
    attempts = []
    for n in range(40):
        learner, ability = f"u{n:02d}", 0.1 + 0.85 * n / 39
        start = NOW - timedelta(days=10, minutes=n)
        for j, family in enumerate([*GOOD, BROKEN_KEY, IMPOSSIBLE]):
            knows = rng.random() < ability
            if family == BROKEN_KEY:
                correct, choice = (False, "1.2.3, 1.2 et 1") if knows else (rng.random() < 0.5, "latest")
            elif family == IMPOSSIBLE:
                correct, choice = rng.random() < 0.05, "docker push myapp"
            else:
                correct, choice = knows or rng.random() < 0.2, "oubli de library/"
            at = start + timedelta(minutes=j)
            attempts.append(Attempt(learner, "10", family, correct, at, "" if correct else choice))
    return attempts


class TestIndices:
    def test_upper_lower_and_point_biserial_signs(self) -> None:
        good = [(a / 10, a >= 5) for a in range(10)]
        bad = [(a / 10, a < 5) for a in range(10)]
        assert upper_lower_index(good) == 1.0 and upper_lower_index(bad) == -1.0
        assert point_biserial(good) > 0.8 and point_biserial(bad) < -0.8

    def test_undefined_without_variation_or_learners(self) -> None:
        assert upper_lower_index([(0.5, True)] * 3) is None
        assert point_biserial([(0.1, True), (0.9, True)]) is None
        assert point_biserial([(0.5, True), (0.5, False)]) is None


class TestReport:
    @pytest.mark.parametrize("seed", range(6))
    def test_planted_broken_questions_are_flagged(self, seed: int) -> None:
        report = build_report(class_attempts(seed), [], NOW)
        flags = {s.family: set(s.flags) for s in report.families}
        assert FamilyFlag.WRONG_ANSWER_BEATS_KEY in flags[BROKEN_KEY]
        assert FamilyFlag.TOO_HARD in flags[IMPOSSIBLE]
        assert report.families[0].flags and report.learners == 40

    def test_flags_are_rarely_wrong_over_many_classes(self) -> None:
        """Random classes of 40: the broken key usually shows negative discrimination; sound questions
        are seldom flagged (flags ask an organiser to look, they are not verdicts)."""
        negative = false_alarms = 0
        for seed in range(20):
            report = build_report(class_attempts(seed), [], NOW)
            flags = {s.family: set(s.flags) for s in report.families}
            negative += FamilyFlag.NEGATIVE_DISCRIMINATION in flags[BROKEN_KEY]
            false_alarms += sum(1 for family in GOOD if flags[family])
        assert negative >= 15
        assert false_alarms <= 2

    def test_negative_discrimination_on_clean_data(self) -> None:
        attempts = []
        for n in range(10):
            strong = n >= 5
            for j, family in enumerate(GOOD[:6]):
                attempts.append(Attempt(f"u{n}", "10", family, strong or j == n, NOW + timedelta(minutes=j)))
            attempts.append(
                Attempt(f"u{n}", "10", BROKEN_KEY, not strong, NOW, "" if not strong else "true answer")
            )
        flags = {s.family: s for s in build_report(attempts, [], NOW).families}
        broken = flags[BROKEN_KEY]
        assert (
            broken.discrimination == -1.0
            and broken.point_biserial is not None
            and broken.point_biserial < -0.9
        )
        assert set(broken.flags) == {FamilyFlag.NEGATIVE_DISCRIMINATION, FamilyFlag.WRONG_ANSWER_BEATS_KEY}
        assert all(not flags[f].flags for f in GOOD[:6])

    def test_facility_and_top_wrong_answer(self) -> None:
        report = build_report(class_attempts(), [], NOW)
        broken = next(s for s in report.families if s.family == BROKEN_KEY)
        good = [s for s in report.families if s.family in GOOD]
        assert broken.top_wrong_answer == "1.2.3, 1.2 et 1"
        assert all(s.discrimination is not None and s.discrimination > 0 for s in good)
        assert all(0.3 < s.facility < 1 for s in good)
        assert broken.facility == broken.first_try_right / broken.learners

    def test_first_try_only_counts_for_facility(self) -> None:
        family = GOOD[0]
        attempts = [
            Attempt("a", "10", family, False, NOW - timedelta(hours=2), "x"),
            Attempt("a", "10", family, True, NOW - timedelta(hours=1)),
            Attempt("b", "10", family, True, NOW - timedelta(hours=1)),
        ]
        (stats,) = build_report(attempts, [], NOW).families
        assert stats.facility == 0.5 and stats.attempts == 3 and stats.flags == ()

    def test_completions_stuck_and_lesson_filter(self) -> None:
        family = FamilyKey("push_error", "auth", "denied")
        stuck = [
            Attempt("zoe", "11", family, c, NOW - timedelta(hours=5 - i)) for i, c in enumerate([0, 1, 0, 0])
        ]
        completions = [
            Completion("amy", "10", NOW),
            Completion("bob", "10", NOW),
            Completion("zoe", "09", NOW),
        ]
        report = build_report([*class_attempts(), *stuck], completions, NOW, lesson="11")
        assert [f.family for f in report.families] == [family]
        assert [(s.learner, s.objective, s.recent_right, s.recent_total) for s in report.stuck] == [
            ("zoe", "auth", 1, 4)
        ]
        assert report.completions == ()
        full = build_report([*class_attempts(), *stuck], completions, NOW)
        assert [(c.lesson, c.learners) for c in full.completions] == [
            ("09", ("zoe",)),
            ("10", ("amy", "bob")),
        ]

    def test_not_stuck_with_few_attempts_or_recent_success(self) -> None:
        family = FamilyKey("k", "o", "v")
        few = [Attempt("a", "10", family, False, NOW), Attempt("a", "10", family, False, NOW)]
        recovered = [
            Attempt("b", "10", family, c, NOW - timedelta(minutes=9 - i))
            for i, c in enumerate([0] * 4 + [1] * 4)
        ]
        assert stuck_learners([*few, *recovered]) == []


class TestFormats:
    def test_json_and_text_rendering(self) -> None:
        report = build_report(class_attempts(), [Completion("u01", "10", NOW)], NOW)
        data = json.loads(json.dumps(report_to_dict(report, {"u01": "Alice"})))
        assert data["completions"] == [{"lesson": "10", "learners": ["Alice"]}]
        broken = next(f for f in data["families"] if f["family"] == BROKEN_KEY.id)
        assert "negative_discrimination" in broken["flags"]
        fr, en = render_report_text(report, "fr"), render_report_text(report, "en")
        assert "les plus forts échouent plus que les plus faibles" in fr and "Alice" not in fr
        assert "strong learners fail more than weak ones" in en and "facility" in en

    def test_parse_input_round_trip(self) -> None:
        doc = {
            "attempts": [
                {
                    "learner": "u1",
                    "lesson": "10",
                    "kind": "image_name",
                    "objective": "o",
                    "variant": "v",
                    "correct": False,
                    "answered_at": "2026-11-20T18:00:00Z",
                    "choice": "hub.docker.com",
                }
            ],
            "completions": [{"learner": "u1", "lesson": "10", "completed_at": "2026-11-21T10:00:00+01:00"}],
            "names": {"u1": "Alice"},
        }
        parsed = parse_report_input(doc)
        assert parsed.attempts[0].family == FamilyKey("image_name", "o", "v")
        assert parsed.attempts[0].answered_at == datetime(2026, 11, 20, 18, tzinfo=UTC)
        assert parsed.completions[0].completed_at == datetime(2026, 11, 21, 9, tzinfo=UTC)
        assert parsed.names == {"u1": "Alice"}

    @pytest.mark.parametrize(
        ("doc", "where"),
        [
            ([], "attempts"),
            ({"attempts": [{"learner": "u"}]}, "attempts[0]"),
            (
                {
                    "attempts": [
                        {"learner": "u", "lesson": "l", "kind": "k", "objective": "o", "correct": "yes"}
                    ]
                },
                "correct",
            ),
            (
                {
                    "attempts": [
                        {
                            "learner": "u",
                            "lesson": "l",
                            "kind": "k",
                            "objective": "o",
                            "correct": True,
                            "answered_at": "2026-11-20T18:00:00",
                        }
                    ]
                },
                "ISO 8601",
            ),
            ({"attempts": [], "completions": {}}, "completions"),
        ],
    )
    def test_bad_input_names_the_problem(self, doc: object, where: str) -> None:
        with pytest.raises(ReportInputError) as error:
            parse_report_input(doc)
        assert where in error.value.message("en")
