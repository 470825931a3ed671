"""Weekly challenge rules: which week it is in the community's time zone, its seed, its lesson, its ranking.

A challenge week starts on Monday 00:00 local time (ISO weeks). The seed comes from the community and the ISO
year and week, so every member of a community gets the same questions all week, and the next Monday brings
new ones. Pure functions; ``now`` is always passed in.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.errors import DomainError

CHALLENGE_QUESTIONS = 5
PODIUM = 3


@dataclass(frozen=True, slots=True)
class ChallengeWeek:
    year: int  # ISO year
    week: int  # ISO week number
    monday: date  # local date the week starts on
    starts_at: datetime  # Monday 00:00 local, in UTC
    ends_at: datetime  # next Monday 00:00 local, in UTC

    @property
    def label(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    def previous(self, tz: ZoneInfo) -> ChallengeWeek:
        return challenge_week(self.starts_at - timedelta(seconds=1), tz)


def challenge_week(now: datetime, tz: ZoneInfo) -> ChallengeWeek:
    """The challenge week ``now`` (tz-aware) falls in, for a community in ``tz``."""
    if now.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    today = now.astimezone(tz).date()
    monday = today - timedelta(days=today.weekday())
    year, week, _ = monday.isocalendar()
    start = datetime.combine(monday, time(0), tzinfo=tz).astimezone(UTC)
    end = datetime.combine(monday + timedelta(days=7), time(0), tzinfo=tz).astimezone(UTC)
    return ChallengeWeek(year, week, monday, start, end)


def challenge_seed(community: str, week: ChallengeWeek) -> int:
    """A 31-bit seed, the same for a whole community during one ISO week."""
    digest = hashlib.sha256(f"challenge/{community}/{week.label}".encode()).digest()
    return int.from_bytes(digest[:8], "big") & 0x7FFF_FFFF


class NoChallengeLessonError(DomainError):
    def __init__(self) -> None:
        super().__init__(
            "Aucune leçon n'est chargée : pas de défi cette semaine.",
            "No lesson is loaded: no challenge this week.",
        )


def challenge_lesson(lesson_ids: Sequence[str], seed: int) -> str:
    """The week's lesson, picked from the ids (in any order) by the seed."""
    ordered = sorted(set(lesson_ids))
    if not ordered:
        raise NoChallengeLessonError()
    return ordered[seed % len(ordered)]


def announcement_due(now: datetime, tz: ZoneInfo, last_announced: date | None) -> bool:
    """True when this week's challenge has not been announced yet (the week starts Monday 00:00 local)."""
    return last_announced is None or last_announced < challenge_week(now, tz).monday


@dataclass(frozen=True, slots=True)
class ChallengeResult:
    user: str
    display_name: str
    score: int
    total: int
    seconds: float  # from the first question shown to the last answer
    finished: bool


@dataclass(frozen=True, slots=True)
class ChallengeEntry:
    rank: int
    result: ChallengeResult


def rank_results(results: Sequence[ChallengeResult]) -> tuple[ChallengeEntry, ...]:
    """Finished attempts first; more right answers first, then faster, then by user id (stable)."""
    order = sorted(results, key=lambda r: (not r.finished, -r.score, r.seconds, r.user))
    return tuple(ChallengeEntry(rank, r) for rank, r in enumerate(order, start=1))
