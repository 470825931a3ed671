"""Lesson files (Markdown with YAML front matter) → :class:`~bot.core.lessons.Lesson`, with located problems.

A lesson file starts with a ``---`` line, its YAML metadata, another ``---`` line, then the Markdown body.
Front matter keys (every problem is reported as ``path:line: message``, the line of the offending key):

- required: ``title``, ``description``, ``duration`` (texts), ``icon`` (text, usually one emoji),
  ``order`` and ``xpReward`` (positive integers), ``objectives`` (a non-empty list of texts);
- optional: ``id`` (a stable slug; defaults to the file name without extension, slugified), ``lang``
  (``fr`` or ``en``, default ``fr``), ``prerequisites`` (a list of lesson ids).

Unknown keys are warnings. Across files, duplicate ids and duplicate orders are errors
(:func:`resolve_lesson_set`). Text decoding, BOM/CRLF handling and mojibake repair: ``bot.core.source_text``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TypeVar

from yaml.nodes import Node

from bot.core.docker_commands import extract_commands, is_shell_block
from bot.core.lesson_markdown import anchor, parse_markdown
from bot.core.lessons import DockerCommand, Lesson, LessonMeta, Section
from bot.core.problems import Problem, Severity
from bot.core.source_text import decode_source
from bot.core.yaml_nodes import NodeReader, compose_yaml

REQUIRED_KEYS = ("title", "description", "order", "duration", "icon", "xpReward", "objectives")
OPTIONAL_KEYS = ("id", "lang", "prerequisites")
LANGS = ("fr", "en")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_T = TypeVar("_T")
_BOUNDARY = re.compile(r"^-{3,}[ \t]*$")  # python-frontmatter's YAML boundary, matched line by line


@dataclass(frozen=True, slots=True)
class LessonParse:
    """The result of parsing one lesson file: the lesson (``None`` on error) and every problem found."""

    path: str
    lesson: Lesson | None
    problems: tuple[Problem, ...] = ()
    key_lines: dict[str, int] = field(default_factory=dict)  # front matter key → line in the file

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)


@dataclass(frozen=True, slots=True)
class _FrontMatter:
    yaml_text: str
    yaml_line: int  # file line of the first YAML line
    body: str
    body_line: int


def default_lesson_id(path: str) -> str:
    """The id a lesson gets without an ``id`` key: its file name without extension, as a slug."""
    return anchor(PurePath(path).stem) or "lesson"


def parse_lesson(data: bytes | str, path: str) -> LessonParse:
    """Parse one lesson file. Never raises on bad content: problems are returned instead."""
    source = decode_source(data, path)
    problems = list(source.problems)
    if source.text is None:
        return LessonParse(path, None, tuple(problems))
    front = _split_front_matter(source.text, path)
    if isinstance(front, Problem):
        return LessonParse(path, None, (*problems, front))
    node, yaml_problems = compose_yaml(front.yaml_text, path, front.yaml_line)
    problems.extend(yaml_problems)
    reader = NodeReader(path, front.yaml_line)
    meta, key_lines = (None, {}) if yaml_problems else _read_meta(node, reader, path)
    problems.extend(reader.problems)
    structure = parse_markdown(front.body, front.body_line, path)
    problems.extend(structure.problems)
    commands: list[DockerCommand] = []
    for block in structure.code_blocks:
        if is_shell_block(block):
            found, warnings = extract_commands(block, path)
            commands.extend(found)
            problems.extend(warnings)
    if meta is not None:
        problems.extend(_check_sections(structure.sections, meta, path, front.body_line))
    if meta is None or any(p.is_error for p in problems):
        return LessonParse(path, None, tuple(problems), key_lines)
    lesson = Lesson(
        meta=meta,
        path=path,
        body=front.body,
        body_line=front.body_line,
        sections=tuple(structure.sections),
        code_blocks=tuple(structure.code_blocks),
        tables=tuple(structure.tables),
        commands=tuple(commands),
        repaired_encoding=source.repaired,
    )
    return LessonParse(path, lesson, tuple(problems), key_lines)


def _split_front_matter(text: str, path: str) -> _FrontMatter | Problem:
    lines = text.split("\n")
    if not _BOUNDARY.match(lines[0]):
        return Problem(
            path,
            1,
            Severity.ERROR,
            "no front matter: a lesson starts with a '---' line, its YAML metadata, then '---'",
        )
    for index in range(1, len(lines)):
        if _BOUNDARY.match(lines[index]):
            return _FrontMatter("\n".join(lines[1:index]), 2, "\n".join(lines[index + 1 :]), index + 2)
    return Problem(path, 1, Severity.ERROR, "front matter is never closed (no second '---' line)")


def _read_meta(node: Node | None, reader: NodeReader, path: str) -> tuple[LessonMeta | None, dict[str, int]]:
    if node is None:
        reader.error(1, "front matter is empty: " + ", ".join(REQUIRED_KEYS) + " are required")
        return None, {}
    fields = reader.mapping(node, "front matter")
    if fields is None:
        return None, {}
    key_lines = {key: reader.line(key_node) for key, (key_node, _) in fields.items()}
    reader.check_keys(fields, (*REQUIRED_KEYS, *OPTIONAL_KEYS), "front matter")
    for key in REQUIRED_KEYS:
        if key not in fields:
            reader.error(1, f"missing required key '{key}'")
    read = _FieldReader(reader, fields)
    title, description = read.text("title"), read.text("description")
    duration, icon = read.text("duration"), read.text("icon")
    order, xp_reward = read.positive("order"), read.positive("xpReward")
    objectives = reader.text_list(fields["objectives"][1], "objectives") if "objectives" in fields else None
    lesson_id = read.optional("id", _slug) or default_lesson_id(path)
    lang = read.optional("lang", _lang) or "fr"
    prerequisites = read.optional("prerequisites", _prerequisites) or ()
    if lesson_id in prerequisites:
        reader.error(fields["prerequisites"][1], f"prerequisites: lesson '{lesson_id}' cannot require itself")
    if reader.has_errors or None in (title, description, duration, icon, order, xp_reward, objectives):
        return None, key_lines
    assert title and description and duration and icon and order and xp_reward and objectives
    meta = LessonMeta(
        id=lesson_id,
        title=title.strip(),
        description=description.strip(),
        order=order,
        duration=duration.strip(),
        icon=icon.strip(),
        xp_reward=xp_reward,
        objectives=tuple(o.strip() for o in objectives),
        lang=lang,
        prerequisites=prerequisites,
    )
    return meta, key_lines


class _FieldReader:
    """Reads the front matter keys that are present (missing ones are reported by the caller)."""

    def __init__(self, reader: NodeReader, fields: dict[str, tuple[Node, Node]]) -> None:
        self.reader = reader
        self.fields = fields

    def text(self, key: str) -> str | None:
        return self.reader.text(self.fields[key][1], key) if key in self.fields else None

    def positive(self, key: str) -> int | None:
        return self.reader.integer(self.fields[key][1], key, minimum=1) if key in self.fields else None

    def optional(self, key: str, read: Callable[[NodeReader, Node, str], _T | None]) -> _T | None:
        return read(self.reader, self.fields[key][1], key) if key in self.fields else None


def _slug(reader: NodeReader, node: Node, what: str) -> str | None:
    value = reader.text(node, what)
    if value is not None and not SLUG.match(value):
        reader.error(node, f"{what} must be a slug (lowercase letters, digits and '-'), got {value!r}")
        return None
    return value


def _lang(reader: NodeReader, node: Node, what: str) -> str | None:
    value = reader.text(node, what)
    if value is not None and value not in LANGS:
        reader.error(node, f"{what} must be one of {', '.join(LANGS)}, got {value!r}")
        return None
    return value


def _prerequisites(reader: NodeReader, node: Node, what: str) -> tuple[str, ...] | None:
    items = reader.sequence(node, what, allow_empty=True)
    if items is None:
        return None
    slugs = [_slug(reader, item, f"{what}[{index}]") for index, item in enumerate(items)]
    return None if any(s is None for s in slugs) else tuple(s for s in slugs if s)


def _check_sections(
    sections: Sequence[Section], meta: LessonMeta, path: str, body_line: int
) -> list[Problem]:
    """Section numbering: present, unique, prefixed by the lesson's order (warnings)."""
    if not sections:
        message = f"no numbered section (expected headings like '## {meta.order}.1 Title')"
        return [Problem(path, body_line, Severity.WARNING, message)]
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for section in sections:
        if section.number in seen:
            message = f"duplicate section number {section.number} (first at line {seen[section.number]})"
            problems.append(Problem(path, section.line, Severity.WARNING, message))
        seen.setdefault(section.number, section.line)
        if section.number.split(".")[0] != str(meta.order):
            message = f"section {section.number} does not start with the lesson's order {meta.order}"
            problems.append(Problem(path, section.line, Severity.WARNING, message))
    return problems


def resolve_lesson_set(candidates: Sequence[LessonParse]) -> tuple[list[LessonParse], list[Problem]]:
    """Keep the candidates whose id and order are unique (earlier candidates win); report the others.

    Unknown prerequisites are warnings. Candidates without a lesson are ignored.
    """
    kept: list[LessonParse] = []
    problems: list[Problem] = []
    by_id: dict[str, LessonParse] = {}
    by_order: dict[int, LessonParse] = {}
    for candidate in candidates:
        lesson = candidate.lesson
        if lesson is None:
            continue
        clash = False
        if lesson.id in by_id:
            where = candidate.key_lines.get("id", 1)
            other = by_id[lesson.id].path
            problems.append(
                Problem(
                    candidate.path, where, Severity.ERROR, f"duplicate lesson id '{lesson.id}' (also {other})"
                )
            )
            clash = True
        if lesson.meta.order in by_order:
            where = candidate.key_lines.get("order", 1)
            other = by_order[lesson.meta.order].path
            message = f"duplicate lesson order {lesson.meta.order} (also {other})"
            problems.append(Problem(candidate.path, where, Severity.ERROR, message))
            clash = True
        if not clash:
            by_id[lesson.id] = candidate
            by_order[lesson.meta.order] = candidate
            kept.append(candidate)
    for candidate in kept:
        assert candidate.lesson is not None
        for prerequisite in candidate.lesson.meta.prerequisites:
            if prerequisite not in by_id:
                where = candidate.key_lines.get("prerequisites", 1)
                message = f"prerequisite '{prerequisite}' is not a known lesson id"
                problems.append(Problem(candidate.path, where, Severity.WARNING, message))
    return kept, problems
