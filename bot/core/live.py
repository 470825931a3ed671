"""Live group quiz rules: speed scoring, answer tallies, standings and XP. Pure functions, no I/O.

* A question is open from ``opened_at`` to ``closes_at``; a member may change their answer until then, and the
  final answer (and its time) is what counts. Clicks after ``closes_at`` are refused.
* Scoring (Kahoot-like, without a typing race): a correct answer earns ``FULL_POINTS`` when given within the
  grace period (the first ``grace_seconds(duration)`` seconds), then linearly less down to ``HALF_POINTS``
  for an answer given at the last moment. Wrong answers earn 0.
* Pauses shift ``opened_at`` and ``closes_at`` by the paused time, so ``at - opened_at`` is always the time
  the member really had the question in front of them.
* XP goes through the ledger only when at least ``MIN_PARTICIPANTS_FOR_XP`` members answered: each of them
  gets ``PARTICIPATION_XP`` once per quiz, and each correct final answer the usual XP for its difficulty,
  once per question (the ledger keys below make both "once" rules hold across retries and restarts).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.core import xp as xp_rules
from bot.core.errors import DomainError
from bot.core.quiz.questions import Question, QuestionType
from bot.core.text import LocalizedText

FULL_POINTS = 1000
HALF_POINTS = FULL_POINTS // 2
GRACE_MAX_SECONDS = 3.0
GRACE_SHARE = 0.2  # the grace is at most a fifth of the question's time
MIN_PARTICIPANTS_FOR_XP = 3
PARTICIPATION_XP = 10
DEFAULT_QUESTIONS = 5
MAX_QUESTIONS = 10
DEFAULT_SECONDS = 30
MIN_SECONDS = 10
MAX_SECONDS = 120
MAX_CHOICES = 5  # one row of buttons
TOP_N = 5
BAR_WIDTH = 10
LETTERS = "ABCDE"


class LiveStatus(StrEnum):
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"  # every question was played
    STOPPED = "stopped"  # the host or a moderator stopped it
    CLOSED = "closed"  # closed by the bot (restart after too long, or the quiz message is gone)

    @property
    def active(self) -> bool:
        return self in (LiveStatus.RUNNING, LiveStatus.PAUSED)


class ClickVerdict(StrEnum):
    ACCEPTED = "accepted"  # first answer to this question
    CHANGED = "changed"  # replaced an earlier answer
    SAME = "same"  # the same choice again (nothing changes, the time is kept)
    TOO_LATE = "too_late"  # time is up, or another question is showing
    PAUSED = "paused"
    OVER = "over"  # the quiz is no longer running


class InvalidLiveSettingsError(DomainError, ValueError):
    def __init__(self, count: int, seconds: int) -> None:
        super().__init__(
            f"Un quiz en direct : 1 à {MAX_QUESTIONS} questions de {MIN_SECONDS} à {MAX_SECONDS} s "
            f"(pas {count} × {seconds} s).",
            f"A live quiz has 1 to {MAX_QUESTIONS} questions of {MIN_SECONDS} to {MAX_SECONDS} s "
            f"(not {count} × {seconds} s).",
        )


def check_settings(count: int, seconds: int, *, min_seconds: float = MIN_SECONDS) -> None:
    if not 1 <= count <= MAX_QUESTIONS or not min_seconds <= seconds <= MAX_SECONDS:
        raise InvalidLiveSettingsError(count, seconds)


@dataclass(frozen=True, slots=True)
class LiveQuestion:
    """A question everyone answers with one click: its choices (at most five) and the right one."""

    id: str
    lesson: str
    difficulty: int
    prompt: LocalizedText
    choices: tuple[LocalizedText, ...]
    correct: int
    explanation: LocalizedText

    def __post_init__(self) -> None:
        if not 2 <= len(self.choices) <= MAX_CHOICES or not 0 <= self.correct < len(self.choices):
            raise ValueError(f"{self.id}: a live question needs 2-{MAX_CHOICES} choices and one right one")


def live_question(question: Question) -> LiveQuestion | None:
    """The one-click form of ``question``; None when it is not a single choice with up to five choices."""
    if question.type not in (QuestionType.SINGLE_CHOICE, QuestionType.TRUE_FALSE):
        return None
    if not 2 <= len(question.choices) <= MAX_CHOICES or len(question.correct) != 1:
        return None
    choices = tuple(c if isinstance(c, LocalizedText) else LocalizedText(c, c) for c in question.choices)
    return LiveQuestion(
        question.id,
        question.lesson,
        question.difficulty,
        question.prompt,
        choices,
        question.correct[0],
        question.explanation,
    )


@dataclass(frozen=True, slots=True)
class QuestionTiming:
    opened_at: datetime
    closes_at: datetime

    @property
    def duration(self) -> float:
        return (self.closes_at - self.opened_at).total_seconds()

    def elapsed(self, at: datetime) -> float:
        """Seconds the question had been showing at ``at`` (within 0..duration)."""
        return min(max((at - self.opened_at).total_seconds(), 0.0), self.duration)

    def is_open(self, at: datetime) -> bool:
        return at <= self.closes_at


def open_question(at: datetime, seconds: float) -> QuestionTiming:
    return QuestionTiming(at, at + timedelta(seconds=seconds))


def remaining_seconds(timing: QuestionTiming, at: datetime) -> float:
    return max((timing.closes_at - at).total_seconds(), 0.0)


def resume_question(at: datetime, remaining: float, duration: float) -> QuestionTiming:
    """The timing after a pause with ``remaining`` seconds left: the paused time is not counted."""
    return QuestionTiming(at - timedelta(seconds=duration - remaining), at + timedelta(seconds=remaining))


def grace_seconds(duration: float) -> float:
    return min(GRACE_MAX_SECONDS, duration * GRACE_SHARE)


def points_for(correct: bool, elapsed: float, duration: float) -> int:
    """Points for a final answer given ``elapsed`` seconds into a ``duration``-second question."""
    if not correct:
        return 0
    grace = grace_seconds(duration)
    if elapsed <= grace or duration <= grace:
        return FULL_POINTS
    late = min((elapsed - grace) / (duration - grace), 1.0)
    return round(FULL_POINTS - (FULL_POINTS - HALF_POINTS) * late)


def judge_click(
    status: LiveStatus,
    current_index: int,
    clicked_index: int,
    timing: QuestionTiming | None,
    at: datetime,
) -> ClickVerdict | None:
    """Why a click cannot count (a verdict), or None when it can be recorded."""
    if not status.active:
        return ClickVerdict.OVER
    if clicked_index != current_index or timing is None:
        return ClickVerdict.TOO_LATE
    if status is LiveStatus.PAUSED:
        return ClickVerdict.PAUSED
    if not timing.is_open(at):
        return ClickVerdict.TOO_LATE
    return None


@dataclass(frozen=True, slots=True)
class LiveAnswer:
    """A member's final answer to one question."""

    user: str
    display_name: str
    index: int  # the question's position in the quiz (0-based)
    choice: int
    answered_at: datetime
    changes: int = 0


@dataclass(frozen=True, slots=True)
class Tally:
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.counts)

    def percents(self) -> tuple[int, ...]:
        """Whole percentages summing to 100 (largest remainders), all 0 without answers."""
        total = self.total
        if not total:
            return tuple(0 for _ in self.counts)
        exact = [100 * c / total for c in self.counts]
        floors = [int(e) for e in exact]
        order = sorted(range(len(exact)), key=lambda i: (floors[i] - exact[i], i))
        for i in order[: 100 - sum(floors)]:
            floors[i] += 1
        return tuple(floors)


def tally(answers: Iterable[LiveAnswer], choices: int) -> Tally:
    counts = [0] * choices
    for answer in answers:
        if 0 <= answer.choice < choices:
            counts[answer.choice] += 1
    return Tally(tuple(counts))


def bar(count: int, total: int, width: int = BAR_WIDTH) -> str:
    filled = round(width * count / total) if total else 0
    return "▓" * filled + "░" * (width - filled)


def tally_lines(result: Tally, correct: int, labels: str = LETTERS) -> list[str]:
    """``A ▓▓▓▓░░░░░░ 40% (2) ✅`` per choice (the check marks the right one)."""
    lines = []
    for i, (count, percent) in enumerate(zip(result.counts, result.percents(), strict=True)):
        mark = " ✅" if i == correct else ""
        lines.append(f"{labels[i]} {bar(count, result.total)} {percent}% ({count}){mark}")
    return lines


@dataclass(frozen=True, slots=True)
class ScoredAnswer:
    user: str
    display_name: str
    index: int
    correct: bool
    points: int
    elapsed_ms: int


def score_question(
    question: LiveQuestion, timing: QuestionTiming, answers: Iterable[LiveAnswer]
) -> tuple[ScoredAnswer, ...]:
    scored = []
    for answer in answers:
        correct = answer.choice == question.correct
        elapsed = timing.elapsed(answer.answered_at)
        scored.append(
            ScoredAnswer(
                answer.user,
                answer.display_name,
                answer.index,
                correct,
                points_for(correct, elapsed, timing.duration),
                round(elapsed * 1000),
            )
        )
    return tuple(scored)


@dataclass(frozen=True, slots=True)
class Standing:
    rank: int
    user: str
    display_name: str
    points: int
    correct: int
    answered: int


def standings(scored: Iterable[ScoredAnswer]) -> tuple[Standing, ...]:
    """Everyone who answered, best first: points, then right answers, then less time spent, then user id."""
    totals: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    for s in scored:
        row = totals.setdefault(s.user, [0, 0, 0, 0])
        row[0] += s.points
        row[1] += int(s.correct)
        row[2] += 1
        row[3] += s.elapsed_ms if s.correct else 0
        names[s.user] = s.display_name or names.get(s.user, "")
    order = sorted(totals, key=lambda u: (-totals[u][0], -totals[u][1], totals[u][3], u))
    return tuple(
        Standing(rank, u, names[u], totals[u][0], totals[u][1], totals[u][2])
        for rank, u in enumerate(order, start=1)
    )


def top(scored: Iterable[ScoredAnswer], n: int = TOP_N) -> tuple[Standing, ...]:
    return standings(scored)[:n]


@dataclass(frozen=True, slots=True)
class XpAward:
    user: str
    display_name: str
    amount: int
    reason: str
    source_key: str


def participation_key(quiz_id: str) -> str:
    return f"live:{quiz_id}:participation"


def question_key(quiz_id: str, index: int) -> str:
    return f"live:{quiz_id}:q{index}"


def xp_awards(
    quiz_id: str, scored: Sequence[ScoredAnswer], difficulties: Mapping[int, int]
) -> tuple[XpAward, ...]:
    """The ledger entries a live quiz earns (none below ``MIN_PARTICIPANTS_FOR_XP`` participants)."""
    names = {s.user: s.display_name for s in scored}
    if len(names) < MIN_PARTICIPANTS_FOR_XP:
        return ()
    awards = [
        XpAward(user, name, PARTICIPATION_XP, "live participation", participation_key(quiz_id))
        for user, name in sorted(names.items())
    ]
    for s in sorted(scored, key=lambda s: (s.index, s.user)):
        if s.correct:
            amount = xp_rules.xp_for_answer(difficulties[s.index], True)
            awards.append(
                XpAward(s.user, s.display_name, amount, "live answer", question_key(quiz_id, s.index))
            )
    return tuple(awards)
