"""Review reminders by direct message: opt-in, at most one a day, only when reviews are due, stopping by
themselves after two weeks without an answer (rules in :mod:`bot.core.coaching.reminders`).

The schedule lives in the ``reminders`` table, so it survives restarts. The reminder loop (in a front end)::

    while True:
        wake = await reminders.next_reminder_wakeup()       # None: sleep until someone opts in
        sleep until wake (wake up early on /remind on)
        for message in await reminders.claim_reminders(now):
            send message.text(lang) to message.learner.user by DM

``claim_reminders`` marks what it returns as sent in the same transaction as it reads it, so two processes
never send the same day's reminder twice; a DM that then fails is not retried that day.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.coaching.reminders import (
    ReminderSchedule,
    Verdict,
    decide,
    give_up_at,
    next_reminder_time,
    opt_in,
    opt_out,
    reminder_text,
    validate_hour,
)
from bot.core.coaching.srs import as_utc
from bot.core.learners import LearnerKey
from bot.core.text import Lang
from bot.storage.coaching_repo import CoachingRepository, StoredReminder
from bot.storage.db import run_transaction
from bot.storage.progress_repo import ProgressRepository
from bot.storage.settings_repo import SettingsRepository

log = logging.getLogger(__name__)

GAVE_UP_REASON = "no_answer_14_days"


@dataclass(frozen=True, slots=True)
class ReminderStatus:
    enabled: bool
    hour: int
    timezone: str
    next_at: datetime | None
    stopped_reason: str = ""


@dataclass(frozen=True, slots=True)
class ReminderMessage:
    """A direct message the reminder loop must send now (already counted as sent)."""

    learner: LearnerKey
    due_reviews: int

    def text(self, lang: str | Lang = Lang.FR) -> str:
        return reminder_text(self.due_reviews, lang)


async def touch_reminder(repo: CoachingRepository, learner_id: int, at: datetime) -> None:
    """After an answer: the learner is active again, so the silence clock restarts and the next time moves."""
    stored = await repo.reminder(learner_id)
    if stored is None or not stored.schedule.enabled:
        return
    schedule = replace(stored.schedule, last_activity=at)
    due = await repo.next_due(learner_id)
    await save_schedule(repo, stored, schedule, due, at)


async def save_schedule(
    repo: CoachingRepository,
    stored: StoredReminder,
    schedule: ReminderSchedule,
    due: datetime | None,
    now: datetime,
    reason: str = "",
) -> datetime | None:
    """Store ``schedule`` with the next time the loop must look at it; returns that time."""
    next_at = next_reminder_time(schedule, due, now)
    stop_at = give_up_at(schedule)
    if next_at is None and schedule.enabled and stop_at is not None:
        next_at = max(stop_at, now)  # wake once more to switch them off and say why
    if next_at is not None and next_at <= now and decide(schedule, 1, now) is not Verdict.SEND:
        next_at = now + timedelta(minutes=1)  # never spin on a time that cannot send
    await repo.save_reminder(stored.learner_id, stored.community, stored.user, schedule, next_at, reason)
    return next_at


class ReminderService:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def set_reminder(
        self, learner: LearnerKey, *, enabled: bool, now: datetime, hour: int | None = None
    ) -> ReminderStatus:
        """``/remind on [hour]`` or ``/remind off``; the hour is in the community's time zone."""
        now = as_utc(now)
        if hour is not None:
            validate_hour(hour)

        async def work(session: AsyncSession) -> ReminderStatus:
            learner_id = await ProgressRepository(session).ensure(learner, now)
            repo = CoachingRepository(session)
            tz = await SettingsRepository(session).timezone(learner.community)
            stored = await repo.reminder(learner_id) or StoredReminder(
                learner_id, learner.community, learner.user, ReminderSchedule(enabled=False), None, ""
            )
            base = replace(stored.schedule, timezone=tz)
            schedule = opt_in(base, now, hour) if enabled else opt_out(base)
            next_at = await save_schedule(repo, stored, schedule, await repo.next_due(learner_id), now)
            return ReminderStatus(schedule.enabled, schedule.hour, schedule.timezone, next_at)

        return await run_transaction(self._sessions, work)

    async def status(self, learner: LearnerKey) -> ReminderStatus:
        """The learner's reminder settings (off, at the default hour, when never set)."""

        async def work(session: AsyncSession) -> ReminderStatus:
            learner_id = await ProgressRepository(session).find(learner)
            stored = (
                await CoachingRepository(session).reminder(learner_id) if learner_id is not None else None
            )
            if stored is None:
                default = ReminderSchedule(enabled=False)
                return ReminderStatus(False, default.hour, default.timezone, None)
            s = stored.schedule
            return ReminderStatus(s.enabled, s.hour, s.timezone, stored.next_at, stored.stopped_reason)

        return await run_transaction(self._sessions, work)

    async def claim_reminders(self, now: datetime, *, limit: int = 200) -> list[ReminderMessage]:
        """The reminders to send now, marked sent in the same transaction (at most once a day, even with
        several processes); schedules that are not ready are moved to their next time or stopped."""
        now = as_utc(now)

        async def work(session: AsyncSession) -> list[ReminderMessage]:
            repo = CoachingRepository(session)
            messages: list[ReminderMessage] = []
            for stored in await repo.due_reminders(now, limit):
                due = await repo.due_count(stored.learner_id, now)
                verdict = decide(stored.schedule, due, now)
                schedule, reason = stored.schedule, ""
                if verdict is Verdict.SEND:
                    schedule = replace(schedule, last_sent=now)
                    await repo.count_sent(stored.learner_id)
                    messages.append(ReminderMessage(LearnerKey(stored.community, stored.user), due))
                elif verdict is Verdict.GAVE_UP:
                    schedule, reason = opt_out(schedule), GAVE_UP_REASON
                    log.info(
                        "reminders stopped after two weeks without an answer: learner %s", stored.learner_id
                    )
                await save_schedule(
                    repo, stored, schedule, await repo.next_due(stored.learner_id), now, reason
                )
            return messages

        return await run_transaction(self._sessions, work)

    async def next_reminder_wakeup(self) -> datetime | None:
        """When the reminder loop should wake next (``None``: nobody to remind; wake on a new opt-in)."""

        async def work(session: AsyncSession) -> datetime | None:
            return await CoachingRepository(session).next_reminder_at()

        return await run_transaction(self._sessions, work)
