"""FSRS review cards, next-review picking and a simulated month of study with an injected clock."""

from __future__ import annotations

import itertools
import random
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.coaching.reminders import Verdict, decide, opt_in
from bot.core.coaching.srs import (
    CardState,
    DailyCounts,
    FamilyKey,
    NewItem,
    PickReason,
    ReviewCard,
    SrsPolicy,
    count_today,
    due_count,
    interval_days,
    new_card,
    next_due,
    pick_reviews,
    retrievability,
    review_card,
)

T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


def fam(i: int, kind: str = "image_name") -> FamilyKey:
    return FamilyKey(kind, f"objective {i % 3}", f"v{i}")


def reviewed(family: FamilyKey, answers: list[bool], start: datetime = T0) -> ReviewCard:
    card, moment = new_card(family, "10-registries", "10.2"), start
    for correct in answers:
        card = review_card(card, correct, moment).card
        moment = card.due or moment
    return card


class TestFamilyKey:
    def test_id_round_trips_even_with_separator_in_objective(self) -> None:
        key = FamilyKey("tag_meaning", "Comprendre latest | semver", "moves")
        assert FamilyKey.parse(key.id) == key

    @pytest.mark.parametrize("text", ["", "image_name", "image_name|only"])
    def test_parse_rejects_malformed(self, text: str) -> None:
        with pytest.raises(ValueError, match="not a family id"):
            FamilyKey.parse(text)

    def test_kind_cannot_contain_separator_or_be_empty(self) -> None:
        with pytest.raises(ValueError):
            FamilyKey("a|b", "o")
        with pytest.raises(ValueError):
            FamilyKey("", "o")


class TestReview:
    def test_wrong_answer_comes_back_the_same_day_and_counts_a_failure(self) -> None:
        outcome = review_card(new_card(fam(1), "10", "10.2"), False, T0)
        assert outcome.card.state is CardState.LEARNING
        assert outcome.card.due == T0 + timedelta(minutes=10)
        assert outcome.card.failures == 1 and outcome.card.reviews == 1
        assert outcome.record.rating == "again" and outcome.record.was_new

    def test_right_answer_on_a_new_card_is_spaced_by_days(self) -> None:
        card = review_card(new_card(fam(1), "10"), True, T0).card
        assert card.state is CardState.REVIEW
        assert interval_days(card) >= 1

    def test_known_family_is_spaced_out_further_each_time(self) -> None:
        card, intervals = new_card(fam(2), "10"), []
        moment = T0
        for _ in range(5):
            card = review_card(card, True, moment).card
            intervals.append(interval_days(card))
            moment = card.due or moment
        assert intervals == sorted(intervals) and len(set(intervals)) == len(intervals)
        assert intervals[-1] > 30

    def test_lapse_after_review_goes_to_relearning(self) -> None:
        card = reviewed(fam(3), [True, True])
        lapse = review_card(card, False, card.due or T0)
        assert lapse.card.state is CardState.RELEARNING
        assert (lapse.card.due or T0) - (card.due or T0) <= timedelta(days=1)

    def test_leech_after_four_failures(self) -> None:
        policy = SrsPolicy()
        card, moment, became = new_card(fam(4), "10", "10.3"), T0, []
        for _ in range(4):
            outcome = review_card(card, False, moment, policy)
            became.append(outcome.became_leech)
            card, moment = outcome.card, outcome.card.due or moment
        assert card.is_leech(policy) and became == [False, False, False, True]

    def test_naive_and_non_utc_datetimes(self) -> None:
        with pytest.raises(ValueError, match="timezone-aware"):
            review_card(new_card(fam(1), "10"), True, datetime(2026, 1, 1))
        paris = timezone(timedelta(hours=1))
        card = review_card(new_card(fam(1), "10"), True, T0.astimezone(paris)).card
        assert card.last_review == T0 and card.last_review.tzinfo is UTC

    def test_review_before_last_review_is_refused(self) -> None:
        card = review_card(new_card(fam(1), "10"), True, T0).card
        with pytest.raises(ValueError, match="before"):
            review_card(card, True, T0 - timedelta(hours=1))

    def test_retrievability_decays_and_new_cards_have_none(self) -> None:
        card = reviewed(fam(5), [True])
        assert retrievability(new_card(fam(5), "10"), T0) == 0.0
        values = [retrievability(card, T0 + timedelta(days=d)) for d in (0, 1, 5, 30)]
        assert values[0] == pytest.approx(1.0) and values == sorted(values, reverse=True)
        assert retrievability(card, card.due or T0) == pytest.approx(0.9, abs=0.03)

    @settings(max_examples=60, deadline=None)
    @given(st.lists(st.tuples(st.booleans(), st.integers(0, 20 * 24 * 60)), min_size=1, max_size=15))
    def test_invariants_over_random_histories(self, answers: list[tuple[bool, int]]) -> None:
        card, moment = new_card(fam(6), "10"), T0
        for correct, gap_minutes in answers:
            moment += timedelta(minutes=gap_minutes)
            card = review_card(card, correct, moment).card
            assert card.due is not None and card.due > moment
            if not correct:
                assert card.due - moment <= timedelta(days=1)
            assert 0.0 <= retrievability(card, moment + timedelta(days=3)) <= 1.0
        assert card.failures == sum(1 for c, _ in answers if not c)
        assert card.reviews == len(answers)


class TestPick:
    def test_due_first_lowest_recall_first_then_new(self) -> None:
        fresh = reviewed(fam(1), [True])  # due in a couple of days
        old = reviewed(fam(2), [True], start=T0 - timedelta(days=30))  # long overdue
        now = T0 + timedelta(days=3)
        failed = review_card(new_card(fam(3), "10"), False, now - timedelta(minutes=20)).card
        picks = pick_reviews(
            [fresh, old, failed], now, new_items=[NewItem(fam(9), "11", "11.1"), NewItem(fam(1), "10")]
        )
        assert [p.family for p in picks] == [fam(2), fam(1), fam(3), fam(9)]
        assert [p.reason for p in picks] == [PickReason.DUE] * 3 + [PickReason.NEW]
        assert picks[0].retrievability < picks[1].retrievability < picks[2].retrievability

    def test_not_due_cards_are_not_picked(self) -> None:
        card = reviewed(fam(1), [True])
        assert pick_reviews([card], T0 + timedelta(hours=1)) == []
        assert due_count([card], T0 + timedelta(hours=1)) == 0
        assert next_due([card]) == card.due

    def test_daily_caps(self) -> None:
        policy = SrsPolicy(daily_review_cap=5, daily_new_cap=2)
        cards = [reviewed(fam(i), [True], start=T0 - timedelta(days=40)) for i in range(4)]
        new = [NewItem(fam(100 + i), "11") for i in range(5)]
        picks = pick_reviews(cards, T0, new_items=new, policy=policy)
        assert len(picks) == 5 and sum(p.reason is PickReason.NEW for p in picks) == 1
        assert len(pick_reviews([], T0, new_items=new, policy=policy)) == 2
        assert pick_reviews(cards, T0, new_items=new, today=DailyCounts(5, 0), policy=policy) == []
        later = pick_reviews([], T0, new_items=new, today=DailyCounts(3, 2), policy=policy)
        assert later == []
        assert len(pick_reviews(cards, T0, limit=2, policy=policy)) == 2

    def test_leech_is_marked(self) -> None:
        card = reviewed(fam(1), [False, False, False, False])
        (pick,) = pick_reviews([card], (card.due or T0) + timedelta(minutes=1))
        assert pick.leech and pick.section == "10.2"

    def test_count_today_uses_the_utc_day(self) -> None:
        first = review_card(new_card(fam(1), "10"), False, T0)
        second = review_card(first.card, True, T0 + timedelta(hours=1))
        yesterday = review_card(new_card(fam(2), "10"), True, T0 - timedelta(hours=9))
        counts = count_today([first.record, second.record, yesterday.record], T0 + timedelta(hours=2))
        assert counts == DailyCounts(reviewed=2, new=1)


def _simulate_month(policy: SrsPolicy) -> dict[str, object]:
    """30 days, two sessions a day (08:00 and 19:00 UTC), a learner who knows most families, always fails
    ``fam(0)`` on first sight and ``fam(1)`` the first three times; an hourly reminder loop."""
    rng = random.Random(7)
    catalog = [NewItem(fam(i), "10-registries", "10.2") for i in range(60)]
    cards: dict[FamilyKey, ReviewCard] = {}
    records, history = [], defaultdict(list)
    seen_wrong: Counter[FamilyKey] = Counter()
    schedule = opt_in(None, T0, hour=18)
    sent: list[datetime] = []
    for hour in range(30 * 24):
        now = T0 + timedelta(hours=hour)
        if now.hour in (8, 19):
            today = count_today(records, now)
            unseen = [item for item in catalog if item.family not in cards]
            for pick in pick_reviews(list(cards.values()), now, new_items=unseen, today=today, policy=policy):
                family = pick.family
                card = cards.get(family) or new_card(family, pick.lesson, pick.section)
                wrong = (family == fam(0) and seen_wrong[family] < 1) or (
                    family == fam(1) and seen_wrong[family] < 3
                )
                correct = not wrong and rng.random() < 0.95
                seen_wrong[family] += not correct
                outcome = review_card(card, correct, now, policy)
                cards[family] = outcome.card
                records.append(outcome.record)
                history[family].append((now, correct, outcome.card.due))
                schedule = replace(schedule, last_activity=now)
        if decide(schedule, due_count(cards.values(), now), now) is Verdict.SEND:
            sent.append(now)
            schedule = replace(schedule, last_sent=now)
    return {"records": records, "history": history, "sent": sent}


class TestSimulatedMonth:
    policy = SrsPolicy(daily_review_cap=25, daily_new_cap=6)

    @pytest.fixture(scope="class")
    @classmethod
    def month(cls) -> dict[str, object]:
        return _simulate_month(cls.policy)

    def test_missed_question_comes_back_within_a_day(self, month: dict) -> None:
        history = month["history"]
        misses = 0
        for events in history.values():
            for (when, correct, _due), nxt in itertools.pairwise(events):
                if not correct:
                    misses += 1
                    assert nxt[0] - when <= timedelta(days=1), (when, nxt[0])
        assert misses >= 4
        assert len(history[fam(1)]) >= 4

    def test_known_question_is_spaced_out(self, month: dict) -> None:
        events = month["history"][fam(2)]
        assert all(correct for _, correct, _ in events)
        gaps = [(b[0] - a[0]).days for a, b in itertools.pairwise(events)]
        assert gaps == sorted(gaps) and gaps[-1] >= 5
        assert len(events) <= 6

    def test_daily_caps_hold(self, month: dict) -> None:
        per_day: Counter = Counter(r.reviewed_at.date() for r in month["records"])
        new_per_day: Counter = Counter(r.reviewed_at.date() for r in month["records"] if r.was_new)
        assert max(per_day.values()) <= self.policy.daily_review_cap
        assert max(new_per_day.values()) <= self.policy.daily_new_cap
        assert sum(new_per_day.values()) == 60  # the whole catalog was introduced within the month

    def test_reminders_at_most_one_a_day(self, month: dict) -> None:
        sent = month["sent"]
        days = Counter(moment.date() for moment in sent)
        assert sent and max(days.values()) == 1
        assert all(moment.hour >= 18 for moment in sent)


@settings(max_examples=40, deadline=None)
@given(
    offsets=st.lists(st.integers(-60 * 24 * 60, 10 * 24 * 60), max_size=30),
    new_count=st.integers(0, 15),
    done=st.tuples(st.integers(0, 30), st.integers(0, 12)),
    cap=st.tuples(st.integers(0, 25), st.integers(0, 8)),
    limit=st.one_of(st.none(), st.integers(0, 20)),
)
def test_pick_invariants(
    offsets: list[int], new_count: int, done: tuple[int, int], cap: tuple[int, int], limit: int | None
) -> None:
    """Due cards come before new ones, nothing twice, nothing not due, and every cap holds."""
    policy = SrsPolicy(daily_review_cap=cap[0], daily_new_cap=cap[1])
    cards = [
        review_card(new_card(fam(i), "10"), i % 3 != 0, T0 + timedelta(minutes=m) - timedelta(days=30)).card
        for i, m in enumerate(offsets)
    ]
    new = [NewItem(fam(1000 + i), "11") for i in range(new_count)]
    now = T0
    picks = pick_reviews(cards, now, new_items=new, today=DailyCounts(*done), limit=limit, policy=policy)
    reasons = [p.reason for p in picks]
    assert reasons == sorted(reasons, key=lambda r: r is PickReason.NEW)
    assert len({p.family for p in picks}) == len(picks)
    assert len(picks) <= max(0, cap[0] - done[0]) and (limit is None or len(picks) <= limit)
    assert reasons.count(PickReason.NEW) <= max(0, cap[1] - done[1])
    due = {c.family for c in cards if c.is_due(now)}
    assert all(p.family in due for p in picks if p.reason is PickReason.DUE)
    budget = min(max(0, cap[0] - done[0]), limit if limit is not None else 10**9)
    assert reasons.count(PickReason.DUE) == min(len(due), budget)
