"""`registry_choice` questions: a situation → the registry that fits, derived from scenario facts.

Candidates are the registries of the lesson's comparison table (matched by name or alias); the answer is
the only registry having every property the situation requires.
"""

from __future__ import annotations

import random

from bot.core.lessons import Lesson, Table
from bot.core.quiz.common import GeneratorUnavailableError, Option, build_question, lt, objective_for
from bot.core.quiz.questions import Question
from bot.core.quiz.registry import GeneratorContext, register
from bot.core.quiz.scenarios import RegistryFacts, RegistryOption, Scenario, matches_alias

KIND = "registry_choice"


def comparison_table(lesson: Lesson, facts: RegistryFacts) -> tuple[Table, dict[str, tuple[str, ...]]] | None:
    """The lesson table comparing registries, with each known registry's row (by registry id)."""
    best: tuple[Table, dict[str, tuple[str, ...]]] | None = None
    for table in lesson.tables:
        rows: dict[str, tuple[str, ...]] = {}
        for row in table.rows:
            if not row:
                continue
            found = [r for r in facts.registries if matches_alias(row[0], r)]
            if len(found) == 1:
                rows.setdefault(found[0].id, row)
        if len(rows) >= 3 and (best is None or len(rows) > len(best[1])):
            best = (table, rows)
    return best


def _usable(facts: RegistryFacts, rows: dict[str, tuple[str, ...]]) -> list[Scenario]:
    return [s for s in facts.scenarios if facts.answer(s).id in rows]


def _available(lesson: Lesson, context: GeneratorContext) -> bool:
    facts = context.registry_facts
    if facts is None:
        return False
    found = comparison_table(lesson, facts)
    return found is not None and bool(_usable(facts, found[1]))


def _row_summary(table: Table, row: tuple[str, ...]) -> str:
    cells = [
        f"{h.strip()} : {c.strip()}" for h, c in zip(table.header[1:], row[1:], strict=False) if c.strip()
    ]
    return " ; ".join(cells)


def _note(facts: RegistryFacts, registry: RegistryOption, scenario: Scenario) -> Option:
    missing = facts.missing(registry, scenario)
    fr = " ; ".join(facts.properties[p].fr for p in missing)
    en = " ; ".join(facts.properties[p].en or facts.properties[p].fr for p in missing)
    return Option(registry.name, False, lt(f"Il lui manque : {fr}.", f"It lacks: {en}."))


@register(KIND, _available)
def generate(lesson: Lesson, rng: random.Random, context: GeneratorContext) -> Question:
    facts = context.registry_facts
    found = comparison_table(lesson, facts) if facts else None
    if facts is None or found is None or not _usable(facts, found[1]):
        raise GeneratorUnavailableError(KIND, lesson.id, "pas de tableau de registries", "no registry table")
    table, rows = found
    scenario = rng.choice(_usable(facts, rows))
    answer = facts.answer(scenario)
    wrong = [r for r in facts.registries if r.id in rows and r.id != answer.id]
    rng.shuffle(wrong)
    options = [Option(answer.name, True)] + [_note(facts, r, scenario) for r in wrong[:3]]
    needs_fr = " ; ".join(facts.properties[p].fr for p in scenario.requires)
    needs_en = " ; ".join(facts.properties[p].en or facts.properties[p].fr for p in scenario.requires)
    summary = _row_summary(table, rows[answer.id])
    return build_question(
        kind=KIND,
        lesson=lesson,
        section=table.section,
        objective=objective_for(lesson, "priv", "registr"),
        difficulty=scenario.difficulty,
        prompt=lt(
            f"{scenario.situation.fr}\nQuel registry choisis-tu ?",
            f"{scenario.situation.en or scenario.situation.fr}\nWhich registry do you pick?",
        ),
        why=lt(
            f"{answer.name.fr} est le seul à cocher toutes les cases : {needs_fr}. ({summary})",
            f"{answer.name.get('en')} is the only one that ticks every box: {needs_en}. ({summary})",
        ),
        options=options,
        params={"scenario": scenario.id, "answer": answer.id},
        rng=rng,
    )
