"""Answer checking: choices by number or text, short answers by text, image reference or regex."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.core.quiz.questions import AcceptMode, Question, QuestionType
from bot.core.references import same_image

_NUMBERS = re.compile(r"\s*\d+(\s*[,;\s]\s*\d+)*\s*")
_TRUE_WORDS = frozenset({"vrai", "v", "true", "t", "oui", "yes", "o", "y"})
_FALSE_WORDS = frozenset({"faux", "f", "false", "non", "no", "n"})
_QUOTES = "`'\"«»“”‘’ "  # stripped around a typed reference


def normalize_text(text: str) -> str:
    """Case-, accent-, punctuation- and whitespace-insensitive form of a free-text answer.

    ``« Clé  d'API ! »`` and ``cle d api`` both become ``cledapi``.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c))


def same_reference(answer: str, expected: str) -> bool:
    """True when ``answer`` names the same image as ``expected`` "
    "for Docker (quotes and spaces around ignored)."""
    return same_image(answer.strip().strip(_QUOTES), expected)


def check_short_answer(question: Question, text: str) -> bool:
    accept = question.accept
    if accept is None:
        return False
    if accept.mode is AcceptMode.REGEX:
        return any(re.fullmatch(pattern, text.strip()) for pattern in accept.values)
    expected = (accept.canonical, *accept.values)
    if accept.mode is AcceptMode.IMAGE_REFERENCE:
        return any(same_reference(text, e) for e in expected)
    answer = normalize_text(text)
    return bool(answer) and any(answer == normalize_text(e) for e in expected)


@dataclass(frozen=True, slots=True)
class Selection:
    """What the learner picked: choice indices (0-based, in order) or a free text."""

    indices: tuple[int, ...] = ()
    text: str | None = None


def _by_number(question: Question, text: str) -> tuple[int, ...] | None:
    if not _NUMBERS.fullmatch(text):
        return None
    numbers = tuple(int(n) - 1 for n in re.findall(r"\d+", text))
    if any(not 0 <= n < len(question.choices) for n in numbers):
        return None
    return numbers


def _by_text(question: Question, text: str) -> tuple[int, ...] | None:
    wanted = normalize_text(text)
    for lang in ("fr", "en"):
        for i, choice in enumerate(question.choice_texts(lang)):
            if wanted and normalize_text(choice) == wanted:
                return (i,)
    if question.type is QuestionType.TRUE_FALSE and wanted in _TRUE_WORDS | _FALSE_WORDS:
        target = "vrai" if wanted in _TRUE_WORDS else "faux"
        for i, choice in enumerate(question.choice_texts("fr")):
            if normalize_text(choice) == target:
                return (i,)
    same = [i for i, c in enumerate(question.choice_texts("fr")) if same_reference(text, c)]
    return (same[0],) if len(same) == 1 else None


def interpret(question: Question, text: str) -> Selection | None:
    """Turn what the learner typed into a selection; None when it cannot be understood (ask again)."""
    if question.type is QuestionType.SHORT_ANSWER:
        return Selection(text=text) if text.strip() else None
    picked = _by_number(question, text)
    if picked is None:
        picked = _by_text(question, text)
    if picked is None:
        return None
    if question.type in (QuestionType.SINGLE_CHOICE, QuestionType.TRUE_FALSE) and len(picked) != 1:
        return None
    if question.type is QuestionType.ORDERING and sorted(picked) != list(range(len(question.choices))):
        return None
    return Selection(indices=picked)


def is_correct(question: Question, selection: Selection) -> bool:
    if question.type is QuestionType.SHORT_ANSWER:
        return selection.text is not None and check_short_answer(question, selection.text)
    if question.type is QuestionType.ORDERING:
        return selection.indices == question.correct
    if question.type is QuestionType.MULTIPLE_CHOICE:
        return set(selection.indices) == set(question.correct) and len(set(selection.indices)) == len(
            selection.indices
        )
    return selection.indices == question.correct
