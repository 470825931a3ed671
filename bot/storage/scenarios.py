"""Reads the scenario facts behind `registry_choice` questions (``content/scenarios/registries.yaml``)."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import yaml

from bot.core.errors import DomainError
from bot.core.problems import Problem, Severity
from bot.core.quiz.scenarios import RegistryFacts, ScenarioFactsError, build_registry_facts

log = logging.getLogger(__name__)

SCENARIOS_FILE = Path("scenarios") / "registries.yaml"


class ScenarioFileError(DomainError):
    """The facts file cannot be used; ``problems`` are ``path:line:`` problems."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        text = "\n".join(str(p) for p in problems)
        super().__init__(f"Fichier de scénarios invalide :\n{text}", f"Invalid scenario file:\n{text}")


def _line_of(text: str, item: str) -> int:
    """The first line naming ``item`` (as a key or an id), 0 when not found."""
    pattern = re.compile(
        rf"^\s*(-\s*)?(id:\s*)?['\"]?{re.escape(item)}['\"]?\s*:?\s*$|id:\s*{re.escape(item)}\b"
    )
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.search(line):
            return number
    return 0


def load_registry_facts(path: Path) -> RegistryFacts:
    """Load and validate the facts file; raise ScenarioFileError listing every problem (file and line)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioFileError([Problem(str(path), 0, Severity.ERROR, f"cannot read: {exc}")]) from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        raise ScenarioFileError([Problem(str(path), line, Severity.ERROR, f"invalid YAML: {exc}")]) from exc
    try:
        return build_registry_facts(data)
    except ScenarioFactsError as exc:
        problems = [
            Problem(str(path), _line_of(text, item), Severity.ERROR, f"{item}: {msg}")
            for item, msg in exc.problems
        ]
        raise ScenarioFileError(problems) from exc


def load_registry_facts_from(content_dir: Path) -> RegistryFacts | None:
    """The facts shipped with a content folder, or None (logged) when missing or broken."""
    path = content_dir / SCENARIOS_FILE
    if not path.is_file():
        log.info("no scenario facts at %s; registry_choice questions are off", path)
        return None
    try:
        return load_registry_facts(path)
    except ScenarioFileError as exc:
        log.warning("scenario facts unusable: %s", exc.message("en"))
        return None
