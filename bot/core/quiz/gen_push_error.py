"""`push_error` questions: a realistic error paste → what it means and how to fix it.

Errors come from the error catalog when one is loaded (``GeneratorContext.error_facts``), else from the
lesson's "common errors" subsection (``### Erreurs courantes au push``): one bullet per error, the
message in backticks then its explanation, or a bold message followed by bullets of causes.
"""

from __future__ import annotations

import random
import re

from bot.core.explainer.catalog import ErrorCatalog, ErrorEntry
from bot.core.explainer.detect import detect
from bot.core.explainer.normalize import normalize_text as normalize_paste
from bot.core.lessons import Lesson
from bot.core.quiz.common import GeneratorUnavailableError, Option, build_question, lt, objective_for
from bot.core.quiz.name_pool import APP_TAGS, APPS, USERS
from bot.core.quiz.questions import Question
from bot.core.quiz.registry import ErrorFact, GeneratorContext, register
from bot.core.references import InvalidReferenceError, parse_reference, try_parse_reference
from bot.core.text import LocalizedText

KIND = "push_error"
_HEADING = re.compile(r"^(#{3,6})\s+(.*)$")
_ERRORS_TITLE = re.compile(r"erreurs? (courantes?|fr[ée]quentes?)|common errors|troubleshoot", re.IGNORECASE)
_BACKTICK_BULLET = re.compile(r"^[-*]\s+`([^`]+)`\s*[:—–-]\s*(.+)$")
_BOLD_TITLE = re.compile(r"^\*\*\W*[\"“«]?\s*(.+?)\s*[\"”»]?\s*\*\*\s*$")
_BULLET = re.compile(r"^[-*]\s+(.+)$")
_LOCAL_TAG = re.compile(r"with the tag: (\S+)")


def _subsection_lines(text: str) -> list[str]:
    lines, inside, level = [], False, 0
    for line in text.splitlines():
        heading = _HEADING.match(line)
        if heading:
            if inside and len(heading[1]) <= level:
                break
            if _ERRORS_TITLE.search(heading[2]):
                inside, level = True, len(heading[1])
                continue
        if inside:
            lines.append(line)
    return lines


def _join_items(lines: list[str]) -> list[str]:
    """Bullet items and bold titles with their continuation lines joined."""
    items: list[str] = []
    for line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        if _BULLET.match(stripped) or _BOLD_TITLE.match(stripped) or not items:
            items.append(stripped)
        else:
            items[-1] += " " + stripped
    return items


def lesson_error_facts(lesson: Lesson) -> tuple[ErrorFact, ...]:
    """The errors a lesson's "common errors" subsections teach, in order."""
    facts: list[ErrorFact] = []
    for section in lesson.sections:
        current: tuple[str, list[str]] | None = None
        for item in _join_items(_subsection_lines(section.text)):
            if match := _BACKTICK_BULLET.match(item):
                facts.append(_fact(match[1], [match[2]], section.number))
            elif match := _BOLD_TITLE.match(item):
                if current and current[1]:
                    facts.append(_fact(current[0], current[1], section.number))
                current = (match[1].strip('"“”«» '), [])
            elif (match := _BULLET.match(item)) and current is not None:
                current[1].append(match[1])
        if current and current[1]:
            facts.append(_fact(current[0], current[1], section.number))
    return tuple(facts)


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:]


def _fact(headline: str, causes: list[str], section: str) -> ErrorFact:
    slug = re.sub(r"[^a-z0-9]+", "-", headline.lower()).strip("-")[:40]
    return ErrorFact(
        id=slug,
        headline=headline.strip(),
        title=LocalizedText(headline.strip()),
        causes=tuple(LocalizedText(_sentence(c)) for c in causes),
        section=section,
    )


def _only_this_error(example: str, entry: ErrorEntry, catalog: ErrorCatalog) -> bool:
    found = detect(normalize_paste(example), catalog)
    return bool(found) and all(d.entry.id == entry.id for d in found)


def error_facts_from_catalog(catalog: ErrorCatalog) -> tuple[ErrorFact, ...]:
    """Catalog entries about pushing, with the example pastes that show only that error."""
    facts: list[ErrorFact] = []
    for entry in catalog.entries:
        if not {"push", "any"} & {str(c) for c in entry.commands}:
            continue
        examples = tuple(e for e in entry.examples if _only_this_error(e, entry, catalog))
        if examples:
            facts.append(
                ErrorFact(
                    id=entry.id,
                    headline=entry.title.fr,
                    title=entry.title,
                    causes=(entry.meaning,),
                    section=entry.section,
                    lesson=entry.lesson,
                    examples=examples,
                    fix=entry.fix,
                )
            )
    return tuple(facts)


def _facts(lesson: Lesson, context: GeneratorContext) -> tuple[ErrorFact, ...]:
    catalog = tuple(f for f in context.error_facts if f.lesson in ("", lesson.id))
    return catalog if len(catalog) >= 3 else lesson_error_facts(lesson)


def _available(lesson: Lesson, context: GeneratorContext) -> bool:
    return len(_facts(lesson, context)) >= 3


def _paste(fact: ErrorFact, rng: random.Random) -> tuple[str, str]:
    """A terminal paste for the error, and the image name the command used ("" for a catalog example)."""
    if fact.examples:
        return rng.choice(fact.examples), ""
    if "lowercase" in fact.headline:
        name = f"{rng.choice(USERS)}/{rng.choice(('myApp', 'MyApp', 'webApp', 'API'))}:{rng.choice(APP_TAGS)}"
        try:
            parse_reference(name)
        except InvalidReferenceError as error:
            return f"$ docker push {name}\n{error.docker_message}", name
    local = _LOCAL_TAG.search(fact.headline)
    name = local[1] if local else f"{rng.choice(USERS)}/{rng.choice(APPS)}:{rng.choice(APP_TAGS)}"
    ref = try_parse_reference(name)
    lines = [f"$ docker push {name}"]
    if ref is not None and not local:
        lines.append(f"The push refers to repository [{ref.name}]")
    lines.append(fact.headline)
    return "\n".join(lines), name


def _option(other: ErrorFact, rng: random.Random) -> Option:
    cause = rng.choice(other.causes)
    return Option(
        cause,
        False,
        lt(
            f"Ça explique une autre erreur : « {other.title.fr} ».",
            f'That explains another error: "{other.title.en or other.title.fr}".',
        ),
    )


@register(KIND, _available)
def generate(lesson: Lesson, rng: random.Random, context: GeneratorContext) -> Question:
    facts = _facts(lesson, context)
    if len(facts) < 3:
        raise GeneratorUnavailableError(
            KIND, lesson.id, "moins de trois erreurs connues", "fewer than 3 errors"
        )
    fact = rng.choice(facts)
    cause_index = rng.randrange(len(fact.causes))
    cause = fact.causes[cause_index]
    others = [f for f in facts if f.id != fact.id]
    rng.shuffle(others)
    options = [Option(cause, True), *(_option(other, rng) for other in others[:3])]
    paste, name = _paste(fact, rng)
    fix_fr = f"\n{fact.fix.fr}" if fact.fix else ""
    fix_en = f"\n{fact.fix.get('en')}" if fact.fix else ""
    return build_question(
        kind=KIND,
        lesson=lesson,
        section=fact.section or (lesson.sections[0].number if lesson.sections else ""),
        objective=objective_for(lesson, "push", "pousser"),
        difficulty=2,
        prompt=lt(
            f"Tu obtiens ceci :\n```\n{paste}\n```\nQue se passe-t-il ?",
            f"You get this:\n```\n{paste}\n```\nWhat is going on?",
        ),
        why=lt(
            f"« {fact.title.fr} » : {cause.fr}{fix_fr}",
            f'"{fact.title.get("en")}": {cause.get("en")}{fix_en}',
        ),
        options=options,
        params={"error": fact.id, "cause": cause_index, "paste": paste, **({"image": name} if name else {})},
        rng=rng,
    )
