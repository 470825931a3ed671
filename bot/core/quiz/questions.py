"""The question model shared by generated and hand-written (bank) questions."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from bot.core.text import Lang, LocalizedText

Choice = LocalizedText | str


class QuestionType(StrEnum):
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    TRUE_FALSE = "true_false"
    SHORT_ANSWER = "short_answer"
    ORDERING = "ordering"

    @property
    def has_choices(self) -> bool:
        return self is not QuestionType.SHORT_ANSWER


class AcceptMode(StrEnum):
    """How a short answer is compared with the expected one."""

    TEXT = "text"  # case-, accent-, punctuation- and whitespace-insensitive
    IMAGE_REFERENCE = "image_reference"  # any reference Docker treats as the same image
    REGEX = "regex"  # a Python regular expression matched against the whole (stripped) answer


@dataclass(frozen=True, slots=True)
class Accept:
    """What a short answer must be: ``canonical`` is the answer shown to the learner.

    ``values`` are further accepted answers (patterns for ``regex``; ``canonical`` is always accepted in the
    other modes).
    """

    mode: AcceptMode
    canonical: str
    values: tuple[str, ...] = ()


def choice_text(choice: Choice, lang: str | Lang = Lang.FR) -> str:
    return choice if isinstance(choice, str) else choice.get(lang)


def fingerprint(kind: str, params: Mapping[str, Any]) -> str:
    """A stable id for a question: its kind and a hash of its parameters (canonical JSON)."""
    payload = json.dumps({"kind": kind, "params": params}, sort_keys=True, ensure_ascii=False, default=str)
    return f"{kind}-{hashlib.sha256(payload.encode('utf-8')).hexdigest()[:12]}"


def _frozen_params(params: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(params))


@dataclass(frozen=True, slots=True)
class Question:
    """One question, generated or hand-written.

    ``correct`` holds indices into ``choices`` (in order for ``ordering``); a ``short_answer`` has no choices
    and an ``accept`` spec instead. ``mistakes`` is aligned with ``choices``: for a wrong choice, the mistake
    it stands for (empty text for right choices). ``explanation`` says why the answer is right and, for
    each wrong choice, the mistake it stands for.
    """

    id: str
    kind: str
    lesson: str
    section: str  # section number, "10.2"
    objective: str
    difficulty: int  # 1 easy, 2 medium, 3 hard
    type: QuestionType
    prompt: LocalizedText
    choices: tuple[Choice, ...] = ()
    correct: tuple[int, ...] = ()
    accept: Accept | None = None
    explanation: LocalizedText = field(default_factory=lambda: LocalizedText(""))
    mistakes: tuple[LocalizedText, ...] = ()
    params: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", _frozen_params(self.params))
        if self.difficulty not in (1, 2, 3):
            raise ValueError(f"difficulty must be 1, 2 or 3, got {self.difficulty!r}")
        if self.type is QuestionType.SHORT_ANSWER:
            if self.accept is None:
                raise ValueError(f"{self.id}: a short_answer question needs an accept spec")
        elif not self.correct or any(not 0 <= i < len(self.choices) for i in self.correct):
            raise ValueError(
                f"{self.id}: correct indices {self.correct} do not fit {len(self.choices)} choices"
            )

    def choice_texts(self, lang: str | Lang = Lang.FR) -> tuple[str, ...]:
        return tuple(choice_text(c, lang) for c in self.choices)

    def mistake_for(self, index: int) -> LocalizedText | None:
        if 0 <= index < len(self.mistakes) and self.mistakes[index].fr:
            return self.mistakes[index]
        return None

    def answer_text(self, lang: str | Lang = Lang.FR) -> str:
        """The right answer as the learner should read it."""
        if self.accept is not None:
            return self.accept.canonical
        texts = self.choice_texts(lang)
        separator = " → " if self.type is QuestionType.ORDERING else " ; "
        return separator.join(texts[i] for i in self.correct)

    def to_json(self, lang: str | Lang = Lang.FR) -> dict[str, Any]:
        """The export form (`dockcoach quiz export`): plain JSON types, texts in one language."""
        data: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "type": str(self.type),
            "lesson": self.lesson,
            "section": self.section,
            "objective": self.objective,
            "difficulty": self.difficulty,
            "prompt": self.prompt.get(lang),
            "choices": list(self.choice_texts(lang)),
            "correct": list(self.correct),
        }
        if self.accept is not None:
            data["accept"] = {"mode": str(self.accept.mode), "canonical": self.accept.canonical}
            if self.accept.values:
                data["accept"]["values"] = list(self.accept.values)
        data["explanation"] = self.explanation.get(lang)
        data["params"] = dict(self.params)
        return data
