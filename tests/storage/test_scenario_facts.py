"""Reading content/scenarios/registries.yaml: the shipped file loads; broken files say where."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.storage.scenarios import ScenarioFileError, load_registry_facts, load_registry_facts_from

ROOT = Path(__file__).resolve().parents[2]

GOOD = """\
properties:
  a: {fr: "a en français", en: "a in English"}
  b: "b"
registries:
  x: {name: X, properties: [a]}
  y: {name: Y, aliases: [Why], properties: [a, b]}
scenarios:
  - id: needs-b
    situation: "Il faut b."
    requires: [b]
"""


def test_the_shipped_facts_load() -> None:
    facts = load_registry_facts(ROOT / "content" / "scenarios" / "registries.yaml")
    assert {r.id for r in facts.registries} >= {"docker_hub", "self_hosted", "aws_ecr", "ghcr", "gcr"}
    assert all(len(facts.fitting(s)) == 1 for s in facts.scenarios)


def test_a_small_file(tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text(GOOD, encoding="utf-8")
    facts = load_registry_facts(path)
    (scenario,) = facts.scenarios
    assert facts.answer(scenario).name.fr == "Y"
    assert facts.properties["a"].en == "a in English"


def test_an_ambiguous_scenario_is_reported_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text(GOOD + "  - id: needs-a\n    situation: s\n    requires: [a, zz]\n", encoding="utf-8")
    with pytest.raises(ScenarioFileError) as caught:
        load_registry_facts(path)
    messages = [str(p) for p in caught.value.problems]
    assert any(m.startswith(f"{path}:11:") and "exactly one registry" in m for m in messages)
    assert any("unknown property 'zz'" in m for m in messages)


def test_broken_yaml_and_missing_files(tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text("properties: [\n", encoding="utf-8")
    with pytest.raises(ScenarioFileError) as caught:
        load_registry_facts(path)
    assert "invalid YAML" in str(caught.value.problems[0])
    assert load_registry_facts_from(tmp_path) is None  # no scenarios/registries.yaml there
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "registries.yaml").write_text("nope", encoding="utf-8")
    assert load_registry_facts_from(tmp_path) is None  # broken: logged, registry_choice is off
