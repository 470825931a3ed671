"""Hand-written question banks (``quizzes/*.yaml``) → validated :class:`BankQuestion` values + problems.

A bank file::

    schema_version: 1
    lesson: 10-registries          # the id of the lesson the questions train
    questions:
      - id: token-revocable        # stable slug, unique across every bank
        type: single_choice        # single_choice | multiple_choice | true_false | short_answer | ordering
        section: "10.3"            # a section number of the lesson (quoted: 10.10 would be a float)
        objective: 0               # index (from 0) or exact text of one of the lesson's objectives
        difficulty: 1              # 1 easy, 2 medium, 3 hard
        prompt: "..."              # a text, or {fr: ..., en: ...}; fr is required
        choices: ["...", "..."]    # choice types: two or more texts (or {fr, en}); indices start at 0
        answer: 1                  # single_choice: an index; multiple_choice: a list of indices;
                                   # ordering: every index, in the right order; true_false: true/false
        accept:                    # short_answer only
          mode: text               # text | image_reference | regex
          values: ["..."]          # accepted answers (regex: patterns matched against the whole answer)
          display: "..."           # optional: the answer shown to learners (default: the first value)
        explanation: "..."         # why; a text or {fr, en}

Every problem is reported as ``path:line: message``. YAML coercion traps (``yes``, ``off``, ``1.0`` where a
text is expected) are errors. A question with an error is left out; the other questions still load.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from yaml.nodes import Node

from bot.core.bank_answers import (
    AcceptMode,
    AcceptRule,
    BankQuestionType,
    normalize_text_answer,
    read_answer,
)
from bot.core.lessons import Lesson
from bot.core.problems import Problem, Severity
from bot.core.source_text import decode_source
from bot.core.text import LocalizedText
from bot.core.yaml_nodes import NodeReader, compose_yaml

__all__ = [
    "AcceptMode",
    "AcceptRule",
    "BankParse",
    "BankQuestion",
    "BankQuestionType",
    "QuestionBank",
    "normalize_text_answer",
    "parse_bank",
    "resolve_bank_set",
]

SCHEMA_VERSION = 1
SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
BANK_KEYS = ("schema_version", "lesson", "questions")
REQUIRED_QUESTION_KEYS = ("id", "type", "prompt", "explanation", "section", "objective", "difficulty")
QUESTION_KEYS = (*REQUIRED_QUESTION_KEYS, "choices", "answer", "accept")


@dataclass(frozen=True, slots=True)
class BankQuestion:
    """One hand-written question, validated against its lesson.

    ``correct`` holds indices into ``choices``: one for ``single_choice``, one or more for
    ``multiple_choice``, all of them in the right order for ``ordering``. ``true_false`` questions have no
    choices and their answer in ``truth``; ``short_answer`` questions have an ``accept`` rule. ``objective``
    is the index (from 0) of the lesson objective trained, ``objective_text`` its text. ``path``/``line``
    locate the question in its bank file.
    """

    id: str
    lesson: str
    type: BankQuestionType
    prompt: LocalizedText
    explanation: LocalizedText
    section: str
    objective: int
    objective_text: str
    difficulty: int
    choices: tuple[LocalizedText, ...] = ()
    correct: tuple[int, ...] = ()
    truth: bool | None = None
    accept: AcceptRule | None = None
    path: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class QuestionBank:
    path: str
    lesson: str
    questions: tuple[BankQuestion, ...]


@dataclass(frozen=True, slots=True)
class BankParse:
    """One bank file parsed: the bank (``None`` when its header is unusable) and every problem found."""

    path: str
    bank: QuestionBank | None
    problems: tuple[Problem, ...] = ()

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)


def parse_bank(data: bytes | str, path: str, lessons: Mapping[str, Lesson]) -> BankParse:
    """Parse and validate one bank file against the known lessons. Never raises on bad content."""
    source = decode_source(data, path)
    problems = list(source.problems)
    if source.text is None:
        return BankParse(path, None, tuple(problems))
    node, yaml_problems = compose_yaml(source.text, path)
    if yaml_problems or node is None:
        empty = [] if yaml_problems else [Problem(path, 1, Severity.ERROR, "the bank file is empty")]
        return BankParse(path, None, (*problems, *yaml_problems, *empty))
    reader = NodeReader(path)
    bank = _read_bank(node, reader, lessons)
    return BankParse(path, bank, (*problems, *reader.problems))


def _read_bank(node: Node, reader: NodeReader, lessons: Mapping[str, Lesson]) -> QuestionBank | None:
    fields = reader.mapping(node, "bank")
    if fields is None:
        return None
    reader.check_keys(fields, BANK_KEYS, "bank")
    for key in BANK_KEYS:
        if key not in fields:
            reader.error(node, f"missing required key '{key}'")
    if "schema_version" in fields:
        version_node = fields["schema_version"][1]
        version = reader.integer(version_node, "schema_version", minimum=1)
        if version is not None and version != SCHEMA_VERSION:
            reader.error(
                version_node, f"schema_version {version} is not supported (expected {SCHEMA_VERSION})"
            )
    lesson: Lesson | None = None
    lesson_id = reader.text(fields["lesson"][1], "lesson") if "lesson" in fields else None
    if lesson_id is not None:
        lesson = lessons.get(lesson_id)
        if lesson is None:
            known = ", ".join(sorted(lessons)) or "none loaded"
            reader.error(
                fields["lesson"][1], f"lesson '{lesson_id}' is not a known lesson id (known: {known})"
            )
    if lesson_id is None or "questions" not in fields:
        return None
    items = reader.sequence(fields["questions"][1], "questions") or []
    questions: list[BankQuestion] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        question = _QuestionReader(reader, lesson_id, lesson).read(item, index)
        if question is None:
            continue
        if question.id in seen:
            reader.error(item, f"duplicate question id '{question.id}' (first at line {seen[question.id]})")
            continue
        seen[question.id] = question.line
        questions.append(question)
    return QuestionBank(reader.path, lesson_id, tuple(questions))


class _QuestionReader:
    """Reads one question; any error leaves it out (``read`` returns ``None``)."""

    def __init__(self, reader: NodeReader, lesson_id: str, lesson: Lesson | None) -> None:
        self.reader = reader
        self.lesson_id = lesson_id
        self.lesson = lesson

    def read(self, node: Node, index: int) -> BankQuestion | None:
        reader = self.reader
        errors_before = sum(p.is_error for p in reader.problems)
        fields = reader.mapping(node, f"questions[{index}]")
        if fields is None:
            return None
        what = self._check_header(fields, node, index)
        if what is None:
            return None
        qtype = self._type(fields["type"][1])
        prompt = reader.localized(fields["prompt"][1], "prompt")
        explanation = reader.localized(fields["explanation"][1], "explanation")
        section = self._section(fields["section"][1])
        objective = self._objective(fields["objective"][1])
        difficulty = reader.integer(fields["difficulty"][1], "difficulty", minimum=1, maximum=3)
        answer = read_answer(reader, qtype, fields, node, what) if qtype else None
        values = (qtype, prompt, explanation, section, objective, difficulty, answer)
        if sum(p.is_error for p in reader.problems) > errors_before or None in values:
            return None
        assert qtype and prompt and explanation and section and objective and difficulty and answer
        return BankQuestion(
            id=fields["id"][1].value,
            lesson=self.lesson_id,
            type=qtype,
            prompt=prompt,
            explanation=explanation,
            section=section,
            objective=objective[0],
            objective_text=objective[1],
            difficulty=difficulty,
            choices=answer.choices,
            correct=answer.correct,
            truth=answer.truth,
            accept=answer.accept,
            path=reader.path,
            line=reader.line(node),
        )

    def _check_header(self, fields: dict[str, tuple[Node, Node]], node: Node, index: int) -> str | None:
        """How the question is named in messages, or ``None`` when a required key is missing."""
        reader = self.reader
        what = f"question {index}"
        if "id" in fields:
            qid = reader.text(fields["id"][1], "id")
            if qid is not None and not SLUG.match(qid):
                message = f"id must be a slug (lowercase letters, digits, '-', '_'), got {qid!r}"
                reader.error(fields["id"][1], message)
            what = f"question '{qid}'" if qid else what
        reader.check_keys(fields, QUESTION_KEYS, what)
        missing = [key for key in REQUIRED_QUESTION_KEYS if key not in fields]
        for key in missing:
            reader.error(node, f"{what}: missing required key '{key}'")
        return None if missing else what

    def _type(self, node: Node) -> BankQuestionType | None:
        value = self.reader.text(node, "type")
        if value is None:
            return None
        try:
            return BankQuestionType(value)
        except ValueError:
            allowed = ", ".join(t.value for t in BankQuestionType)
            self.reader.error(node, f"type must be one of {allowed}, got {value!r}")
            return None

    def _section(self, node: Node) -> str | None:
        value = self.reader.text(node, "section")
        if value is None or self.lesson is None:
            return value
        if self.lesson.section(value) is None:
            known = ", ".join(s.number for s in self.lesson.sections)
            self.reader.error(
                node, f"section {value} does not exist in lesson '{self.lesson_id}' (sections: {known})"
            )
            return None
        return value

    def _objective(self, node: Node) -> tuple[int, str] | None:
        objectives = self.lesson.meta.objectives if self.lesson else ()
        if node.tag == "tag:yaml.org,2002:int":
            index = self.reader.integer(node, "objective", minimum=0)
            if index is None or self.lesson is None:
                return (index, "") if index is not None else None
            if index >= len(objectives):
                self.reader.error(
                    node, f"objective {index} does not exist: the lesson has {len(objectives)} (from 0)"
                )
                return None
            return index, objectives[index]
        text = self.reader.text(node, "objective")
        if text is None or self.lesson is None:
            return (0, text) if text is not None else None
        for index, objective in enumerate(objectives):
            if normalize_text_answer(objective) == normalize_text_answer(text):
                return index, objective
        self.reader.error(node, f"objective {text!r} is not one of the lesson's objectives")
        return None


def resolve_bank_set(parses: Sequence[BankParse]) -> tuple[list[BankParse], list[Problem]]:
    """Question ids must be unique across banks: a later duplicate is dropped with an error."""
    seen: dict[str, BankQuestion] = {}
    kept: list[BankParse] = []
    problems: list[Problem] = []
    for parse in parses:
        if parse.bank is None:
            continue
        questions: list[BankQuestion] = []
        for question in parse.bank.questions:
            other = seen.get(question.id)
            if other is not None:
                message = f"duplicate question id '{question.id}' (also {other.path}:{other.line})"
                problems.append(Problem(question.path, question.line, Severity.ERROR, message))
                continue
            seen[question.id] = question
            questions.append(question)
        bank = QuestionBank(parse.bank.path, parse.bank.lesson, tuple(questions))
        kept.append(BankParse(parse.path, bank, parse.problems))
    return kept, problems
