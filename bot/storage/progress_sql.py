"""The hot statements of the progress repository, built once per dialect with named bind parameters.

Building a SQLAlchemy statement costs more than executing a cached one; answers and awards run these on
every click, so they are constructed once and executed with a parameter dict.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Date, bindparam, case, or_, select, update

from bot.storage.models import Attempt, Learner, LedgerEntry, UTCDateTime, WeeklyXp
from bot.storage.models import CommunitySettings as SettingsRow
from bot.storage.models import LearnerTotals as TotalsRow
from bot.storage.sql import insert_for


@dataclass(frozen=True, slots=True)
class ProgressStatements:
    identify: Any  # :community, :user -> timezone, id, display_name
    totals: Any  # :lid -> the totals row
    touch_day: Any  # :lid, :today, :yesterday -> new streak (no row when the day was already active)
    ledger: Any  # :lid, :community, :amount, :reason, :key, :at -> id (no row on a duplicate key)
    add_xp: Any  # :lid, :amount, :at -> new total (no row when it would go below 0)
    weekly: Any  # :lid, :week, :community, :amount, :at
    attempt: Any  # attempt columns -> id (no row on a duplicate key)


def _at(name: str = "at") -> Any:
    return bindparam(name, type_=UTCDateTime())


def _identify() -> Any:
    same = (Learner.community == bindparam("community"), Learner.user_id == bindparam("user"))
    return select(
        select(SettingsRow.timezone)
        .where(SettingsRow.community == bindparam("community"))
        .scalar_subquery()
        .label("timezone"),
        select(Learner.id).where(*same).scalar_subquery().label("id"),
        select(Learner.display_name).where(*same).scalar_subquery().label("display_name"),
    )


def _touch_day() -> Any:
    t = TotalsRow
    new_streak = case((t.last_active_day == bindparam("yesterday", type_=Date()), t.streak + 1), else_=1)
    today = bindparam("today", type_=Date())
    return (
        update(t)
        .where(t.learner_id == bindparam("lid"), or_(t.last_active_day.is_(None), t.last_active_day < today))
        .values(
            streak=new_streak,
            best_streak=case((new_streak > t.best_streak, new_streak), else_=t.best_streak),
            last_active_day=today,
        )
        .returning(t.streak)
    )


def _add_xp() -> Any:
    t = TotalsRow
    amount = bindparam("amount")
    return (
        update(t)
        .where(t.learner_id == bindparam("lid"), t.xp + amount >= 0)
        .values(
            xp=t.xp + amount,
            xp_reached_at=case(
                (or_(t.xp_reached_at.is_(None), t.xp_reached_at < _at()), _at()), else_=t.xp_reached_at
            ),
        )
        .returning(t.xp)
    )


def _weekly(insert: Any) -> Any:
    stmt = insert(WeeklyXp).values(
        learner_id=bindparam("lid"),
        week_start=bindparam("week", type_=Date()),
        community=bindparam("community"),
        xp=bindparam("amount"),
        reached_at=_at(),
    )
    current = WeeklyXp.__table__.c
    return stmt.on_conflict_do_update(
        index_elements=["learner_id", "week_start"],
        set_={
            "xp": current.xp + stmt.excluded.xp,
            "reached_at": case(
                (stmt.excluded.reached_at > current.reached_at, stmt.excluded.reached_at),
                else_=current.reached_at,
            ),
        },
    )


def _ledger(insert: Any) -> Any:
    return (
        insert(LedgerEntry)
        .values(
            learner_id=bindparam("lid"),
            community=bindparam("community"),
            amount=bindparam("amount"),
            reason=bindparam("reason"),
            source_key=bindparam("key"),
            at=_at(),
        )
        .on_conflict_do_nothing(index_elements=["learner_id", "source_key"])
        .returning(LedgerEntry.id)
    )


ATTEMPT_FIELDS = (
    "source_key", "question_id", "kind", "lesson", "objective", "difficulty", "correct", "choice",
    "answered_at", "day", "answer_ms",
)  # fmt: skip


def _attempt(insert: Any) -> Any:
    values = {name: bindparam(f"p_{name}") for name in ATTEMPT_FIELDS}
    values["answered_at"] = _at("p_answered_at")
    values["day"] = bindparam("p_day", type_=Date())
    return (
        insert(Attempt)
        .values(learner_id=bindparam("lid"), xp_awarded=0, **values)
        .on_conflict_do_nothing(index_elements=["learner_id", "source_key"])
        .returning(Attempt.id)
    )


@cache
def progress_statements(dialect: str) -> ProgressStatements:
    insert = insert_for(dialect)
    t = TotalsRow
    totals = select(t.xp, t.level, t.streak, t.best_streak, t.last_active_day, t.xp_reached_at).where(
        t.learner_id == bindparam("lid")
    )
    return ProgressStatements(
        identify=_identify(),
        totals=totals,
        touch_day=_touch_day(),
        ledger=_ledger(insert),
        add_xp=_add_xp(),
        weekly=_weekly(insert),
        attempt=_attempt(insert),
    )
