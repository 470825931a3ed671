"""An answered question, as coaching sees it (mastery, next step and the organiser's report)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.core.coaching.srs import FamilyKey


@dataclass(frozen=True, slots=True)
class Attempt:
    """One answer. ``choice`` is the answer given as text ("" when unknown), used to find common mistakes."""

    learner: str
    lesson: str
    family: FamilyKey
    correct: bool
    answered_at: datetime
    choice: str = ""
    question_id: str = ""

    @property
    def objective(self) -> str:
        return self.family.objective
