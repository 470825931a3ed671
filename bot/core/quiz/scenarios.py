"""Scenario facts for `registry_choice`: registries with properties, situations with requirements.

The answer to a situation is derived, never typed: it is the only registry having every property the
situation requires. :func:`build_registry_facts` checks that uniqueness (and every reference) at load.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bot.core.errors import DomainError
from bot.core.text import LocalizedText


@dataclass(frozen=True, slots=True)
class RegistryOption:
    id: str
    name: LocalizedText  # shown to learners ("AWS ECR"; "Registry auto-hébergé" / "Self-hosted registry")
    aliases: tuple[str, ...]  # names a lesson table may use for it ("AWS ECR", "ECR", ...)
    properties: frozenset[str]


@dataclass(frozen=True, slots=True)
class Scenario:
    id: str
    situation: LocalizedText
    requires: tuple[str, ...]
    difficulty: int


@dataclass(frozen=True, slots=True)
class RegistryFacts:
    properties: Mapping[str, LocalizedText]
    registries: tuple[RegistryOption, ...]
    scenarios: tuple[Scenario, ...]

    def fitting(self, scenario: Scenario) -> tuple[RegistryOption, ...]:
        """Registries having every property the scenario requires."""
        return tuple(r for r in self.registries if set(scenario.requires) <= r.properties)

    def answer(self, scenario: Scenario) -> RegistryOption:
        (only,) = self.fitting(scenario)  # uniqueness is checked when the facts are built
        return only

    def missing(self, registry: RegistryOption, scenario: Scenario) -> tuple[str, ...]:
        return tuple(p for p in scenario.requires if p not in registry.properties)


class ScenarioFactsError(DomainError):
    """The scenario facts are inconsistent; ``problems`` lists (item id, message) pairs."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        text = "; ".join(f"{item}: {message}" for item, message in problems)
        super().__init__(f"Faits de scénarios invalides : {text}", f"Invalid scenario facts: {text}")


@lru_cache(maxsize=4096)
def normalize_name(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    return " ".join(kept.split())


@lru_cache(maxsize=4096)
def matches_alias(cell: str, registry: RegistryOption) -> bool:
    """True when a table cell names this registry (one of its aliases, as whole words)."""
    padded = f" {normalize_name(cell)} "
    return any(
        f" {normalize_name(alias)} " in padded
        for alias in (registry.name.fr, registry.name.en, *registry.aliases)
        if alias
    )


def _text(value: Any, where: str, problems: list[tuple[str, str]]) -> LocalizedText:
    if isinstance(value, str) and value.strip():
        return LocalizedText(value.strip())
    if isinstance(value, Mapping) and isinstance(value.get("fr"), str) and value["fr"].strip():
        en = value.get("en")
        return LocalizedText(value["fr"].strip(), en.strip() if isinstance(en, str) else "")
    problems.append((where, "expected a text or a mapping with 'fr' (and optional 'en')"))
    return LocalizedText("")


def _list(value: Any, where: str, problems: list[tuple[str, str]]) -> tuple[str, ...]:
    if isinstance(value, list) and all(isinstance(v, str) and v for v in value):
        return tuple(value)
    problems.append((where, "expected a list of non-empty strings"))
    return ()


def _registries(raw: Any, known: Mapping[str, LocalizedText], problems: list[tuple[str, str]]):
    registries: list[RegistryOption] = []
    for rid, item in (raw or {}).items() if isinstance(raw, Mapping) else ():
        if not isinstance(item, Mapping) or "name" not in item:
            problems.append((str(rid), "a registry needs a 'name' and 'properties'"))
            continue
        name = _text(item["name"], str(rid), problems)
        props = _list(item.get("properties"), str(rid), problems)
        problems.extend((str(rid), f"unknown property '{p}'") for p in props if p not in known)
        aliases = _list(item.get("aliases", []), str(rid), problems)
        registries.append(RegistryOption(str(rid), name, aliases, frozenset(props)))
    if not registries:
        problems.append(("registries", "expected a mapping of registry id → {name, aliases, properties}"))
    return tuple(registries)


def _scenario(item: Any, index: int, known: Mapping[str, LocalizedText], problems: list[tuple[str, str]]):
    if not isinstance(item, Mapping) or not isinstance(item.get("id"), str):
        problems.append((f"scenarios[{index}]", "a scenario needs an 'id', a 'situation' and 'requires'"))
        return None
    sid = item["id"]
    requires = _list(item.get("requires"), sid, problems)
    problems.extend((sid, f"unknown property '{p}'") for p in requires if p not in known)
    difficulty = item.get("difficulty", 1)
    if difficulty not in (1, 2, 3) or isinstance(difficulty, bool):
        problems.append((sid, f"difficulty must be 1, 2 or 3, got {difficulty!r}"))
        difficulty = 1
    return Scenario(sid, _text(item.get("situation"), sid, problems), requires, difficulty)


def build_registry_facts(data: Any) -> RegistryFacts:
    """Validate parsed YAML into facts; raise ScenarioFactsError listing every problem at once."""
    problems: list[tuple[str, str]] = []
    if not isinstance(data, Mapping):
        raise ScenarioFactsError([("(file)", "expected a mapping with properties, registries, scenarios")])
    raw_props = data.get("properties")
    props = {str(k): _text(v, str(k), problems) for k, v in (raw_props or {}).items()}
    if not props:
        problems.append(("properties", "expected a mapping of property id → text"))
    registries = _registries(data.get("registries"), props, problems)
    raw_scenarios = data.get("scenarios")
    if not isinstance(raw_scenarios, list):
        problems.append(("scenarios", "expected a list of scenarios"))
        raw_scenarios = []
    parsed = [_scenario(item, i, props, problems) for i, item in enumerate(raw_scenarios)]
    scenarios = tuple(s for s in parsed if s is not None)
    facts = RegistryFacts(props, registries, scenarios)
    seen: set[str] = set()
    for scenario in scenarios:
        if scenario.id in seen:
            problems.append((scenario.id, "duplicate scenario id"))
        seen.add(scenario.id)
        fitting = [r.id for r in facts.fitting(scenario)]
        if len(fitting) != 1:
            names = ", ".join(fitting) or "none"
            problems.append((scenario.id, f"exactly one registry must fit the requirements, found: {names}"))
    if problems:
        raise ScenarioFactsError(problems)
    return facts
