"""Catalog schema, pattern safety and the shipped entries (every example diagnosed as its own entry)."""

from __future__ import annotations

import pytest

from bot.core.explainer.catalog import ErrorCatalog, ErrorSeverity, entry_from_data
from bot.core.explainer.explain import explain
from bot.core.explainer.patterns import UnsafePatternError, compile_safe
from bot.core.explainer.selfcheck import REQUIRED_IDS, check_examples, missing_required_ids
from tests.core.explainer_support import shipped_catalog


def _valid_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "id": "demo_error",
        "severity": "error",
        "title": {"fr": "Démo", "en": "Demo"},
        "lesson": "10-registries",
        "section": "10.5",
        "commands": ["push"],
        "patterns": ["demo failure happened"],
        "meaning": {"fr": "Ça veut dire…", "en": "It means…"},
        "causes": {"fr": ["une cause"], "en": ["a cause"]},
        "fix": {"fr": "Corrige.", "en": "Fix it."},
        "examples": ["demo failure happened", "x\ndemo failure happened", "Error: demo failure happened"],
    }
    data.update(changes)
    return data


def test_valid_entry_is_built() -> None:
    entry, issues = entry_from_data(_valid_data())
    assert issues == []
    assert entry is not None
    assert entry.id == "demo_error" and entry.severity is ErrorSeverity.ERROR
    assert entry.keywords == ("demo failure happened",)
    assert entry.lesson_link == "10-registries#10.5"


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"id": "Bad-Id"}, "id", "snake_case"),
        ({"severity": "fatal"}, "severity", "error, warning, info"),
        ({"title": {"fr": "x"}}, "title.en", "non-empty"),
        ({"section": 10.5}, "section", "quoted section"),
        ({"section": "9.1"}, "section", "not in lesson"),
        ({"commands": ["deploy"]}, "commands.0", "one of"),
        ({"patterns": ["(a+)+b"]}, "patterns.0", "unbounded"),
        ({"patterns": ["ok literal", "x.*"]}, "patterns.1", "unbounded"),
        ({"patterns": ["(?:abcd\\d{1,3}){1,4}"]}, "patterns.0", "nested"),
        ({"patterns": ["(ab)\\1cdef"]}, "patterns.0", "back-references"),
        ({"patterns": ["a|b"]}, "patterns.0", "literal of at least"),
        ({"patterns": ["(unclosed"]}, "patterns.0", "does not compile"),
        ({"examples": ["only one"]}, "examples", "at least 3"),
        ({"causes": {"fr": [], "en": ["a"]}}, "causes.fr", "non-empty list"),
        ({"priority": "high"}, "priority", "integer"),
        ({"colour": "red"}, "colour", "unknown field"),
    ],
)
def test_schema_issues_name_the_field(changes: dict[str, object], field: str, fragment: str) -> None:
    entry, issues = entry_from_data(_valid_data(**changes))
    assert entry is None
    assert any(i.field == field and fragment in i.message for i in issues), issues


def test_missing_fields_are_all_reported() -> None:
    entry, issues = entry_from_data({"id": "x_y"})
    assert entry is None
    missing = {i.field for i in issues if "missing" in i.message}
    assert {"title", "severity", "patterns", "meaning", "causes", "fix", "lesson", "section"} <= missing


def test_not_a_mapping() -> None:
    assert entry_from_data(["a"])[0] is None


@pytest.mark.parametrize(
    "source", ["denied: requested access", "Retrying in \\d{1,3} seconds?", "abcd(?:x|y){0,3}"]
)
def test_safe_patterns_compile_case_insensitively(source: str) -> None:
    pattern = compile_safe(source)
    assert pattern.regex.search(source.upper().replace("\\D{1,3}", "5").replace("?", "")) or pattern.keyword
    assert pattern.keyword == pattern.keyword.lower()


def test_empty_match_is_rejected() -> None:
    with pytest.raises(UnsafePatternError):
        compile_safe("(?:abcd)?")


def test_shipped_catalog_has_every_required_id() -> None:
    catalog = shipped_catalog()
    assert missing_required_ids(catalog) == []
    assert set(REQUIRED_IDS) <= set(catalog.ids)
    assert catalog.get("layer_exists").severity is ErrorSeverity.INFO
    assert catalog.get("login_warning").severity is ErrorSeverity.INFO


def test_every_shipped_entry_is_complete() -> None:
    for entry in shipped_catalog().entries:
        assert len(entry.examples) >= 3, entry.id
        assert entry.lesson == "10-registries" and entry.section.startswith("10."), entry.id
        assert entry.meaning.fr and entry.meaning.en and entry.fix.fr and entry.fix.en, entry.id
        assert "`" in entry.fix.fr and "`" in entry.fix.en, f"{entry.id}: the fix shows commands"


def test_every_example_is_diagnosed_as_its_entry() -> None:
    assert check_examples(shipped_catalog()) == []


@pytest.mark.parametrize("entry", shipped_catalog().entries, ids=lambda e: e.id)
def test_examples_survive_noise(entry) -> None:  # type: ignore[no-untyped-def]
    """CRLF, quotes, fences, colours and CI timestamps do not change the diagnosis."""
    catalog = shipped_catalog()
    for example in entry.examples:
        lines = example.split("\n")
        noisy = "```\r\n" + "\r\n".join(
            f"> 2024-01-01T00:00:00.0000000Z \x1b[31m{line}\x1b[0m" for line in lines
        )
        noisy += "\r\n```"
        result = explain(noisy, catalog)
        assert result.primary is not None and result.primary.entry.id == entry.id, (entry.id, example)


def test_check_examples_reports_a_wrong_example() -> None:
    entry, _ = entry_from_data(_valid_data(examples=["demo failure happened", "nothing here", "neither"]))
    assert entry is not None
    mismatches = check_examples(ErrorCatalog((entry,)))
    assert [(m.index, m.got) for m in mismatches] == [(1, None), (2, None)]
    assert "example 2 of 'demo_error'" in mismatches[0].message()
