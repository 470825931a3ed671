"""Leaderboard values and the week boundary (Monday 00:00 in the community's time zone)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo


class Period(StrEnum):
    WEEK = "week"
    ALL = "all"


@dataclass(frozen=True, slots=True)
class LeaderboardEntry:
    rank: int  # 1-based; no shared ranks: on equal XP, whoever reached the score first ranks higher
    user: str
    display_name: str
    xp: int


@dataclass(frozen=True, slots=True)
class Leaderboard:
    community: str
    period: Period
    week_start: date | None  # the Monday the weekly board counts from (None for all-time)
    entries: tuple[LeaderboardEntry, ...]
    caller: LeaderboardEntry | None  # the caller's own entry (even outside the top N); None without XP
    ranked: int | None = None  # how many learners have XP in this period (when counted)


def week_start(now: datetime, tz: ZoneInfo) -> date:
    """The local date of the Monday that starts the week ``now`` falls in."""
    if now.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    today = now.astimezone(tz).date()
    return today - timedelta(days=today.weekday())


def week_start_instant(now: datetime, tz: ZoneInfo) -> datetime:
    """Monday 00:00 local time of the week ``now`` falls in, as a UTC instant."""
    monday = datetime.combine(week_start(now, tz), time(0), tzinfo=tz)
    return monday.astimezone(UTC)
