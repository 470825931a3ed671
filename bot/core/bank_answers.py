"""The answer part of a bank question: question types, accept rules for short answers, and their checks.

Used by ``bot.core.banks`` (which re-exports the public names); see its docstring for the file format.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from yaml.nodes import Node

from bot.core.references import InvalidReferenceError, parse_reference, same_image
from bot.core.text import LocalizedText
from bot.core.yaml_nodes import NodeReader

ACCEPT_KEYS = ("mode", "values", "display")
_QUOTES = "`'\"«» "


class BankQuestionType(StrEnum):
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    TRUE_FALSE = "true_false"
    SHORT_ANSWER = "short_answer"
    ORDERING = "ordering"

    @property
    def has_choices(self) -> bool:
        return self not in (BankQuestionType.TRUE_FALSE, BankQuestionType.SHORT_ANSWER)


class AcceptMode(StrEnum):
    TEXT = "text"  # case-, accent-, punctuation- and whitespace-insensitive
    IMAGE_REFERENCE = "image_reference"  # any reference Docker treats as the same image
    REGEX = "regex"  # a Python regular expression matched against the whole stripped answer


def normalize_text_answer(text: str) -> str:
    """Letters and digits only, accents dropped, case folded: ``« Clé  d'API ! »`` → ``cledapi``."""
    folded = unicodedata.normalize("NFKD", text)
    return "".join(c for c in folded if c.isalnum() and not unicodedata.combining(c)).casefold()


@dataclass(frozen=True, slots=True)
class AcceptRule:
    """How a short answer is accepted. ``display`` is the answer shown to the learner."""

    mode: AcceptMode
    values: tuple[str, ...]
    display: str

    def matches(self, answer: str) -> bool:
        candidate = answer.strip()
        if self.mode is AcceptMode.IMAGE_REFERENCE:
            return any(same_image(candidate.strip(_QUOTES), value) for value in self.values)
        if self.mode is AcceptMode.REGEX:
            return any(re.fullmatch(value, candidate) for value in self.values)
        normalized = normalize_text_answer(candidate)
        return bool(normalized) and any(normalized == normalize_text_answer(v) for v in self.values)


@dataclass(frozen=True, slots=True)
class BankAnswer:
    choices: tuple[LocalizedText, ...] = ()
    correct: tuple[int, ...] = ()
    truth: bool | None = None
    accept: AcceptRule | None = None


def read_answer(
    reader: NodeReader, qtype: BankQuestionType, fields: dict[str, tuple[Node, Node]], node: Node, what: str
) -> BankAnswer | None:
    """The choices and answer of a question of type ``qtype``; problems go to ``reader``."""
    if qtype.has_choices:
        return _choice_answer(reader, qtype, fields, node, what)
    for key in ("choices", "answer" if qtype is BankQuestionType.SHORT_ANSWER else "accept"):
        if key in fields:
            reader.warning(fields[key][0], f"{what}: '{key}' is ignored for a {qtype} question")
    if qtype is BankQuestionType.TRUE_FALSE:
        if "answer" not in fields:
            reader.error(node, f"{what}: missing required key 'answer' (true or false)")
            return None
        truth = reader.boolean(fields["answer"][1], "answer")
        return None if truth is None else BankAnswer(truth=truth)
    if "accept" not in fields:
        reader.error(node, f"{what}: missing required key 'accept' (mode and values)")
        return None
    accept = _accept(reader, fields["accept"][1])
    return None if accept is None else BankAnswer(accept=accept)


def _choice_answer(
    reader: NodeReader, qtype: BankQuestionType, fields: dict[str, tuple[Node, Node]], node: Node, what: str
) -> BankAnswer | None:
    if "accept" in fields:
        reader.warning(fields["accept"][0], f"{what}: 'accept' is ignored for a {qtype} question")
    missing = [key for key in ("choices", "answer") if key not in fields]
    for key in missing:
        reader.error(node, f"{what}: missing required key '{key}'")
    if missing:
        return None
    choices = _choices(reader, fields["choices"][1])
    if choices is None:
        return None
    answer_node = fields["answer"][1]
    if qtype is BankQuestionType.SINGLE_CHOICE:
        index = reader.integer(answer_node, "answer", minimum=0, maximum=len(choices) - 1)
        return None if index is None else BankAnswer(choices, (index,))
    indices = _indices(reader, answer_node, len(choices))
    if indices is None:
        return None
    if qtype is BankQuestionType.ORDERING and sorted(indices) != list(range(len(choices))):
        reader.error(answer_node, f"answer must list every choice index (0 to {len(choices) - 1}) in order")
        return None
    return BankAnswer(choices, indices)


def _choices(reader: NodeReader, node: Node) -> tuple[LocalizedText, ...] | None:
    items = reader.sequence(node, "choices")
    if items is None:
        return None
    if len(items) < 2:
        reader.error(node, "choices must hold at least two entries")
        return None
    choices = [reader.localized(item, f"choices[{index}]") for index, item in enumerate(items)]
    if any(choice is None for choice in choices):
        return None
    seen: dict[str, int] = {}
    for index, (item, choice) in enumerate(zip(items, choices, strict=True)):
        assert choice is not None
        key = normalize_text_answer(choice.fr) or choice.fr
        if key in seen:
            reader.error(item, f"choices[{index}] repeats choices[{seen[key]}] ({choice.fr!r})")
            return None
        seen[key] = index
    return tuple(c for c in choices if c is not None)


def _indices(reader: NodeReader, node: Node, count: int) -> tuple[int, ...] | None:
    items = reader.sequence(node, "answer")
    if items is None:
        return None
    indices = [reader.integer(item, "answer index", minimum=0, maximum=count - 1) for item in items]
    if any(i is None for i in indices):
        return None
    if len(set(indices)) != len(indices):
        reader.error(node, "answer lists the same index twice")
        return None
    return tuple(i for i in indices if i is not None)


def _accept(reader: NodeReader, node: Node) -> AcceptRule | None:
    fields = reader.mapping(node, "accept")
    if fields is None:
        return None
    reader.check_keys(fields, ACCEPT_KEYS, "accept")
    if "mode" not in fields or "values" not in fields:
        reader.error(node, "accept needs 'mode' (text, image_reference or regex) and 'values'")
        return None
    mode_text = reader.text(fields["mode"][1], "accept.mode")
    if mode_text not in {m.value for m in AcceptMode}:
        if mode_text is not None:
            allowed = ", ".join(m.value for m in AcceptMode)
            reader.error(fields["mode"][1], f"accept.mode must be one of {allowed}, got {mode_text!r}")
        return None
    mode = AcceptMode(mode_text)
    items = reader.sequence(fields["values"][1], "accept.values")
    if items is None:
        return None
    values: list[str] = []
    for index, item in enumerate(items):
        value = reader.text(item, f"accept.values[{index}]")
        if value is None or not _valid_value(reader, item, mode, value.strip()):
            return None
        values.append(value.strip())
    display = reader.text(fields["display"][1], "accept.display") if "display" in fields else None
    if mode is AcceptMode.REGEX and display is None:
        reader.error(node, "accept: a regex answer needs 'display', the answer shown to learners")
        return None
    return AcceptRule(mode, tuple(values), (display or values[0]).strip())


def _valid_value(reader: NodeReader, node: Node, mode: AcceptMode, value: str) -> bool:
    if mode is AcceptMode.IMAGE_REFERENCE:
        try:
            parse_reference(value)
        except InvalidReferenceError as exc:
            reader.error(node, f"accept value {value!r} is not a valid image reference: {exc.docker_message}")
            return False
    elif mode is AcceptMode.REGEX:
        try:
            re.compile(value)
        except re.error as exc:
            reader.error(node, f"accept value {value!r} is not a valid regular expression: {exc}")
            return False
    elif not normalize_text_answer(value):
        reader.error(node, f"accept value {value!r} has no letter or digit: no answer could match it")
        return False
    return True
