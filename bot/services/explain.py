"""The error explainer as a service for every front end: redact first, then explain, then render.

No database is involved. The service holds the loaded catalog; ``explain`` returns an
:class:`ExplainResult` that front ends render (Markdown text via :meth:`ExplainResult.render`, or
their own layout from the structured fields) or serialize (:meth:`ExplainResult.as_json`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.core.explainer.catalog import ErrorCatalog
from bot.core.explainer.explain import Explanation, Status, explain
from bot.core.explainer.redact import SecretKind, redact
from bot.core.explainer.render import render_explanation
from bot.core.problems import Problem
from bot.storage.error_catalog import load_error_catalog

log = logging.getLogger(__name__)

MAX_PASTE_CHARS = 2_000_000  # beyond this, only the start and the end of a paste are read


@dataclass(frozen=True, slots=True)
class ExplainResult:
    """What the explainer found in one paste; ``redacted_text`` is the only form of the paste to echo."""

    explanation: Explanation
    redacted: tuple[SecretKind, ...]
    redacted_text: str

    @property
    def should_answer(self) -> bool:
        """False when the bot should stay quiet (no error, and no secret to warn about)."""
        return self.explanation.status is not Status.QUIET or bool(self.redacted)

    def render(self, lang: str = "fr") -> str:
        return render_explanation(self.explanation, lang, self.redacted)

    def as_json(self) -> dict[str, Any]:
        explanation = self.explanation
        primary = explanation.primary
        return {
            "primary": primary.entry.id if primary else None,
            "severity": str(primary.entry.severity) if primary else None,
            "status": str(explanation.status),
            "matches": [
                {"id": f.entry.id, "severity": str(f.entry.severity), "line": f.line}
                for f in explanation.findings
            ],
            "context": explanation.context.as_dict(),
            "redacted": [str(kind) for kind in self.redacted],
        }


class ExplainService:
    """Explains pastes with one loaded catalog (reload by building a new service)."""

    def __init__(self, catalog: ErrorCatalog, problems: tuple[Problem, ...] = ()) -> None:
        self.catalog = catalog
        self.problems = problems

    @classmethod
    def from_directory(cls, directory: Path) -> ExplainService:
        catalog, problems = load_error_catalog(directory)
        for problem in problems:
            log.warning("error catalog: %s", problem)
        return cls(catalog, tuple(problems))

    def explain(self, text: str) -> ExplainResult:
        """Redact secrets, then diagnose. Never raises on odd input (any string is a valid paste)."""
        if len(text) > MAX_PASTE_CHARS:
            half = MAX_PASTE_CHARS // 2
            text = text[:half] + "\n" + text[-half:]
        redaction = redact(text)
        explanation = explain(redaction.text, self.catalog)
        primary = explanation.primary.entry.id if explanation.primary else None
        log.info("explained a paste of %d chars: %s (%s)", len(text), primary, explanation.status)
        if redaction.kinds:
            log.info("redacted secrets of kinds %s", ", ".join(redaction.kinds))
        return ExplainResult(explanation, redaction.kinds, redaction.text)

    def render(self, text: str, lang: str = "fr") -> str:
        return self.explain(text).render(lang)

    async def answer(self, text: str, lang: str = "fr") -> str:
        """For front ends that await a rendered answer (e.g. the console's ``/explain``)."""
        return self.render(text, str(lang))
