"""Review reminders by direct message: pure rules, the storage keeps one row per learner.

- opt-in only (``/remind on [hour]``), at the learner's chosen hour or later that day;
- at most one message per calendar day (in the reminder's time zone, UTC by default);
- only when at least one review is due;
- they stop by themselves after ``GIVE_UP_AFTER`` without an answer: an answer is any review or quiz
  answer after opting in (``last_activity``).

The reminder loop sleeps until :func:`next_wake_up` over all schedules, sends what :func:`decide` allows,
records ``last_sent`` and computes the next wake-up again; nothing lives only in memory, so restarts
are safe.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.coaching.srs import as_utc
from bot.core.errors import DomainError
from bot.core.text import Lang

GIVE_UP_AFTER = timedelta(days=14)
DEFAULT_HOUR = 18


class InvalidReminderError(DomainError, ValueError):
    pass


class Verdict(StrEnum):
    SEND = "send"
    DISABLED = "disabled"
    NOTHING_DUE = "nothing_due"
    TOO_EARLY = "too_early"  # before the chosen hour today
    ALREADY_SENT_TODAY = "already_sent_today"
    GAVE_UP = "gave_up"  # two weeks without an answer: turn reminders off


@dataclass(frozen=True, slots=True)
class ReminderSchedule:
    """A learner's reminder settings and history."""

    enabled: bool
    hour: int = DEFAULT_HOUR  # local hour of the day, 0-23
    timezone: str = "UTC"
    opted_in_at: datetime | None = None
    last_sent: datetime | None = None
    last_activity: datetime | None = None

    def __post_init__(self) -> None:
        validate_hour(self.hour)
        zone(self.timezone)

    @property
    def silence_since(self) -> datetime | None:
        """Since when the learner has not answered (opt-in or last answer, whichever is later)."""
        moments = [m for m in (self.opted_in_at, self.last_activity) if m is not None]
        return max(as_utc(m) for m in moments) if moments else None


def validate_hour(hour: int) -> int:
    if not isinstance(hour, int) or isinstance(hour, bool) or not 0 <= hour <= 23:
        raise InvalidReminderError(
            f"L'heure doit être un nombre entier de 0 à 23 (reçu : {hour!r}).",
            f"The hour must be a whole number from 0 to 23 (got {hour!r}).",
        )
    return hour


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise InvalidReminderError(
            f"Fuseau horaire inconnu : {name!r}.", f"Unknown time zone: {name!r}."
        ) from error


def opt_in(schedule: ReminderSchedule | None, now: datetime, hour: int | None = None) -> ReminderSchedule:
    """Turn reminders on (keeping the time zone and history); ``hour`` defaults to the previous one."""
    now = as_utc(now)
    base = schedule or ReminderSchedule(enabled=False)
    chosen = validate_hour(hour) if hour is not None else base.hour
    return replace(base, enabled=True, hour=chosen, opted_in_at=now)


def opt_out(schedule: ReminderSchedule | None) -> ReminderSchedule:
    return replace(schedule or ReminderSchedule(enabled=False), enabled=False)


def _local_day(moment: datetime, tz: ZoneInfo) -> date:
    return as_utc(moment).astimezone(tz).date()


def _slot(day: date, hour: int, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=tz).astimezone(UTC)


def gave_up(schedule: ReminderSchedule, now: datetime) -> bool:
    """True once two weeks have passed without an answer since opting in or since the last answer,
    and at least one reminder went unanswered."""
    since = schedule.silence_since
    return _reminded_since(schedule, since) and as_utc(now) - since >= GIVE_UP_AFTER


def give_up_at(schedule: ReminderSchedule) -> datetime | None:
    """When unanswered reminders stop by themselves (``None`` while no reminder awaits an answer)."""
    since = schedule.silence_since
    return since + GIVE_UP_AFTER if _reminded_since(schedule, since) and since is not None else None


def _reminded_since(schedule: ReminderSchedule, since: datetime | None) -> bool:
    return since is not None and schedule.last_sent is not None and as_utc(schedule.last_sent) >= since


def decide(schedule: ReminderSchedule, due_reviews: int, now: datetime) -> Verdict:
    """Whether to send a reminder now."""
    now = as_utc(now)
    if not schedule.enabled:
        return Verdict.DISABLED
    if gave_up(schedule, now):
        return Verdict.GAVE_UP
    tz = zone(schedule.timezone)
    today = _local_day(now, tz)
    if schedule.last_sent is not None and _local_day(schedule.last_sent, tz) >= today:
        return Verdict.ALREADY_SENT_TODAY
    if now < _slot(today, schedule.hour, tz):
        return Verdict.TOO_EARLY
    if due_reviews <= 0:
        return Verdict.NOTHING_DUE
    return Verdict.SEND


def next_reminder_time(
    schedule: ReminderSchedule, next_review_due: datetime | None, now: datetime
) -> datetime | None:
    """The earliest moment a reminder may be sent: on a day without one yet, at or after the chosen hour,
    once a review is due, before giving up. ``None`` when no reminder is possible."""
    now = as_utc(now)
    if not schedule.enabled or next_review_due is None or gave_up(schedule, now):
        return None
    tz = zone(schedule.timezone)
    start = max(now, as_utc(next_review_due))
    day = _local_day(start, tz)
    if schedule.last_sent is not None and _local_day(schedule.last_sent, tz) >= day:
        day = _local_day(schedule.last_sent, tz) + timedelta(days=1)
    while True:  # a local hour skipped by DST moves to the next valid instant; two rounds at most
        slot = _slot(day, schedule.hour, tz)
        moment = max(start, slot)
        if _local_day(moment, tz) == day:
            break
        day += timedelta(days=1)
    since = schedule.silence_since
    if _reminded_since(schedule, since) and moment - since >= GIVE_UP_AFTER:
        return None
    return moment


def next_wake_up(times: Iterable[datetime | None]) -> datetime | None:
    """When the reminder loop must wake next: the earliest of every learner's next reminder time."""
    present = [as_utc(t) for t in times if t is not None]
    return min(present) if present else None


def reminder_text(due_reviews: int, lang: str | Lang = Lang.FR) -> str:
    n = due_reviews
    if str(lang) == Lang.EN:
        noun = "review is" if n == 1 else "reviews are"
        return f"⏰ {n} {noun} waiting for you. Type /review when you have five minutes."
    verb = "révision t'attend" if n == 1 else "révisions t'attendent"
    return f"⏰ {n} {verb}. Tape /review quand tu as cinq minutes."
