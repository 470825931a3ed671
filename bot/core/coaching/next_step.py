"""The single most useful thing a learner can do now, and why (French and English).

Order of preference:
1. a due *leech* (a family failed 4 times or more): re-read its section, another attempt will not help;
2. due reviews, while today's cap allows: they are due because the learner is about to forget them;
3. the weakest objective worked on: re-read its section, then practise it;
4. the next lesson (by course order, prerequisites done);
5. nothing to do: say when the next review falls due.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.core.coaching.mastery import ObjectiveMastery, weakest
from bot.core.coaching.srs import (
    DEFAULT_POLICY,
    NOTHING_TODAY,
    DailyCounts,
    ReviewCard,
    SrsPolicy,
    as_utc,
    next_due,
    retrievability,
    start_of_utc_day,
)
from bot.core.text import Lang, LocalizedText


class StepKind(StrEnum):
    REREAD_LEECH = "reread_leech"
    REVIEW = "review"
    PRACTISE_WEAK = "practise_weak"
    NEXT_LESSON = "next_lesson"
    WAIT = "wait"


@dataclass(frozen=True, slots=True)
class LessonStatus:
    lesson: str
    title: str
    order: int
    completed: bool
    prerequisites: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NextStep:
    kind: StepKind
    what: LocalizedText
    why: LocalizedText
    lesson: str = ""
    section: str = ""
    objective: str = ""
    count: int = 0
    at: datetime | None = None  # when the next review falls due (WAIT)

    def message(self, lang: str | Lang = Lang.FR) -> str:
        return f"{self.what.get(lang)}\n{self.why.get(lang)}"


def _plural(n: int, fr_one: str, fr_many: str) -> str:
    return fr_one if n == 1 else fr_many


def next_step(
    *,
    cards: Sequence[ReviewCard],
    masteries: Sequence[ObjectiveMastery],
    lessons: Sequence[LessonStatus],
    now: datetime,
    today: DailyCounts = NOTHING_TODAY,
    policy: SrsPolicy = DEFAULT_POLICY,
) -> NextStep:
    now = as_utc(now)
    due = [c for c in cards if c.is_due(now) and not c.is_new]
    leeches = [c for c in due if c.is_leech(policy)]
    if leeches:
        return _reread_leech(max(leeches, key=lambda c: (c.failures, c.family.id)))
    if due and today.reviewed < policy.daily_review_cap:
        return _review(due, now, policy)
    weak = weakest(masteries)
    if weak is not None:
        return _practise(weak)
    lesson = _next_lesson(lessons)
    if lesson is not None:
        return _lesson_step(lesson, lessons)
    if due:  # today's cap is reached
        return _wait(start_of_utc_day(now) + timedelta(days=1), capped=True)
    return _wait(next_due(cards), capped=False)


def _where(section: str, lesson: str) -> tuple[str, str]:
    if section:
        return f"la section {section}", f"section {section}"
    return f"la leçon {lesson}", f"lesson {lesson}"


def _reread_leech(card: ReviewCard) -> NextStep:
    fr_where, en_where = _where(card.section, card.lesson)
    return NextStep(
        kind=StepKind.REREAD_LEECH,
        what=LocalizedText(f"📖 Relis {fr_where}.", f"📖 Re-read {en_where}."),
        why=LocalizedText(
            f"Tu as raté cette question {card.failures} fois : revoir la règle t'aidera plus "
            "qu'un nouvel essai.",
            f"You missed this question {card.failures} times: going back to the rule will help more "
            "than another try.",
        ),
        lesson=card.lesson,
        section=card.section,
        objective=card.family.objective,
        count=card.failures,
    )


def _review(due: Sequence[ReviewCard], now: datetime, policy: SrsPolicy) -> NextStep:
    n = len(due)
    lowest = min(retrievability(c, now, policy) for c in due)
    return NextStep(
        kind=StepKind.REVIEW,
        what=LocalizedText(
            f"🔁 Fais tes révisions : {n} {_plural(n, 'question t’attend', 'questions t’attendent')}.",
            f"🔁 Do your reviews: {n} {'question is' if n == 1 else 'questions are'} waiting.",
        ),
        why=LocalizedText(
            f"C'est le moment où tu es sur le point d'oublier (rappel estimé : {lowest:.0%}) ; "
            "réviser maintenant fixe la mémoire pour plus longtemps.",
            f"This is when you are about to forget (estimated recall: {lowest:.0%}); reviewing now "
            "makes it stick for longer.",
        ),
        count=n,
    )


def _practise(weak: ObjectiveMastery) -> NextStep:
    ref = weak.ref
    fr_where, en_where = _where(ref.section, ref.lesson)
    return NextStep(
        kind=StepKind.PRACTISE_WEAK,
        what=LocalizedText(
            f"🎯 Relis {fr_where}, puis entraîne-toi sur « {ref.title} ».",
            f"🎯 Re-read {en_where}, then practise “{ref.title}”.",
        ),
        why=LocalizedText(
            f"C'est ton objectif le plus fragile : {weak.percent} % de maîtrise "
            f"({weak.correct}/{weak.attempts} bonnes réponses).",
            f"It is your weakest objective: {weak.percent}% mastery ({weak.correct}/{weak.attempts} right).",
        ),
        lesson=ref.lesson,
        section=ref.section,
        objective=ref.objective,
    )


def _next_lesson(lessons: Sequence[LessonStatus]) -> LessonStatus | None:
    done = {s.lesson for s in lessons if s.completed}
    open_ = [s for s in lessons if not s.completed and all(p in done for p in s.prerequisites)]
    return min(open_, key=lambda s: (s.order, s.lesson)) if open_ else None


def _lesson_step(lesson: LessonStatus, lessons: Sequence[LessonStatus]) -> NextStep:
    started = any(s.completed for s in lessons)
    why = (
        LocalizedText(
            "Tes révisions sont à jour et aucun objectif n'est fragile : c'est la suite du cours.",
            "Your reviews are up to date and no objective is weak: this is what comes next.",
        )
        if started
        else LocalizedText("C'est la première leçon du cours.", "It is the first lesson of the course.")
    )
    return NextStep(
        kind=StepKind.NEXT_LESSON,
        what=LocalizedText(
            f"📘 Passe à la leçon {lesson.lesson} — {lesson.title}, puis fais son quiz.",
            f"📘 Move on to lesson {lesson.lesson} — {lesson.title}, then take its quiz.",
        ),
        why=why,
        lesson=lesson.lesson,
    )


def _wait(at: datetime | None, *, capped: bool) -> NextStep:
    when_fr = f"le {at:%d/%m à %H:%M} UTC" if at else "quand tu auras répondu à des quiz"
    when_en = f"on {at:%Y-%m-%d at %H:%M} UTC" if at else "once you have answered some quizzes"
    why = (
        LocalizedText(
            f"Tu as atteint ta limite de révisions du jour ; la suite reprend {when_fr}.",
            f"You reached today's review limit; the rest resumes {when_en}.",
        )
        if capped
        else LocalizedText(
            f"Tout est à jour ; ta prochaine révision tombe {when_fr}.",
            f"Everything is up to date; your next review falls due {when_en}.",
        )
    )
    return NextStep(
        kind=StepKind.WAIT,
        what=LocalizedText("✅ Rien à faire pour l'instant.", "✅ Nothing to do right now."),
        why=why,
        at=at,
    )
