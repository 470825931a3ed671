"""A review session ready to play: the next picks (due first, then new material) resolved into fresh
questions of their families. Front ends (``/review`` in Discord and in the console) call :meth:`plan`,
ask the questions like a quiz, and record each answer with ``CoachingService.record_question_answer``
(and, for XP, ``ProgressService.record_answer`` with the same ``source_key``).

New material comes from the lessons the learner has studied (answered or completed), or the first lesson
of the course for a newcomer. A lesson's families are listed once per lesson version and cached.
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass
from datetime import datetime

from bot.core.coaching.families import lesson_families, question_for
from bot.core.coaching.srs import NewItem, ReviewPick
from bot.core.learners import LearnerKey
from bot.core.lessons import Lesson
from bot.core.quiz.questions import Question
from bot.services.coaching import CoachingService, ReviewQueue
from bot.services.quiz import QuizContent


@dataclass(frozen=True, slots=True)
class ReviewItem:
    pick: ReviewPick
    question: Question


@dataclass(frozen=True, slots=True)
class ReviewPlan:
    queue: ReviewQueue
    items: tuple[ReviewItem, ...]

    @property
    def empty(self) -> bool:
        return not self.items


class ReviewPlanner:
    def __init__(self, coaching: CoachingService, content: QuizContent) -> None:
        self._coaching = coaching
        self._content = content
        self._families: dict[str, tuple[Lesson, list[NewItem]]] = {}

    def _lesson_families(self, lesson: Lesson) -> list[NewItem]:
        cached = self._families.get(lesson.id)
        if cached is not None and cached[0] is lesson:
            return cached[1]
        items = lesson_families(lesson, self._content.bank(lesson.id), self._content.context)
        self._families[lesson.id] = (lesson, items)
        return items

    def _new_material(self, studied: set[str]) -> list[NewItem]:
        lessons = [x for x in self._content.lessons.values() if x.id in studied]
        if not lessons and self._content.lessons:
            lessons = [next(iter(self._content.lessons.values()))]
        return [item for lesson in lessons for item in self._lesson_families(lesson)]

    async def plan(
        self,
        learner: LearnerKey,
        *,
        now: datetime,
        rng: random.Random,
        limit: int = 10,
        avoid: frozenset[str] = frozenset(),
    ) -> ReviewPlan:
        """Up to ``limit`` questions to review now; ``avoid`` holds question ids just seen."""
        studied = await self._coaching.studied_lessons(learner)
        new_items = await asyncio.to_thread(self._new_material, studied)
        queue = await self._coaching.next_reviews(learner, now=now, new_items=new_items, limit=limit)
        items = await asyncio.to_thread(self._resolve, queue, rng, avoid)
        return ReviewPlan(queue, tuple(items))

    def _resolve(self, queue: ReviewQueue, rng: random.Random, avoid: frozenset[str]) -> list[ReviewItem]:
        items: list[ReviewItem] = []
        for pick in queue.picks:
            lesson = self._content.lessons.get(pick.lesson)
            if lesson is None:
                continue  # the lesson left the catalog
            question = question_for(
                pick.family, lesson, self._content.bank(lesson.id), self._content.context, rng, avoid
            )
            if question is not None:
                items.append(ReviewItem(pick, question))
        return items
